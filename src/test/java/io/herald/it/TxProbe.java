package io.herald.it;

import io.herald.publish.HeraldEvent;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Test-only, deployed into herald.war by {@link TransactionalPublishIT} and others: an application EJB that fires a
 * domain event inside its container transaction and then commits or rolls back, exactly as business code does, or
 * fires one outside any transaction.
 */
@Stateless
@PermitAll
@Path("test/tx")
public class TxProbe {

    /** The application's own event record. */
    public record ProbeRegistered(String tenant, String marker) implements HeraldEvent {
        public String type() {
            return "probe.registered";
        }
    }

    @Inject
    Event<ProbeRegistered> registered;

    @Resource
    SessionContext context;

    @POST
    @Path("{outcome}")
    public String fire(@PathParam("outcome") String outcome, @QueryParam("tenant") String tenant, @QueryParam("marker") String marker) {
        registered.fire(new ProbeRegistered(tenant, marker));
        if ("rollback".equals(outcome)) {
            context.setRollbackOnly();
        }
        return outcome;
    }

    @POST
    @Path("outside")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String fireOutsideATransaction(@QueryParam("tenant") String tenant, @QueryParam("marker") String marker) {
        registered.fire(new ProbeRegistered(tenant, marker));
        return "outside";
    }
}
