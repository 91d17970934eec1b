package io.herald.it;

import io.herald.publish.HeraldEvent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * Test-only, deployed into herald.war by {@link TraceIT}: application code that fires a domain event while it serves
 * a request, the way business code publishes through CDI (no transaction: published at once, on this thread).
 */
@RequestScoped
@Path("test/trace")
public class TraceProbe {

    /** The application's own event record. */
    public record OrderShipped(String tenant) implements HeraldEvent {
        public String type() {
            return "order.shipped";
        }
    }

    @Inject
    Event<OrderShipped> shipped;

    @POST
    public String fire(@QueryParam("tenant") String tenant) {
        shipped.fire(new OrderShipped(tenant));
        return "fired";
    }
}
