package io.herald.ops;

import io.herald.auth.Caller;
import io.herald.tenant.Tenant;
import io.herald.tenant.TenantRegistry;
import io.herald.http.RequiresRole;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/stats}: per-tenant figures, the caller's own tenant only unless it is {@code herald-admin}.
 * A snapshot: figures of different tenants are not taken at one instant.
 */
@Path("stats")
public class StatsResource {

    @Inject
    TenantRegistry registry;

    @GET
    @RequiresRole({Caller.PUBLISHER, Caller.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> stats(@Context SecurityContext security) {
        Caller caller = (Caller) security.getUserPrincipal();
        Map<String, Object> tenants = new TreeMap<>();
        if (caller.hasRole(Caller.ADMIN)) {
            registry.tenants().forEach(t -> tenants.put(t.name(), TenantFigures.of(t)));
        } else {
            tenants.put(caller.tenant(), TenantFigures.of(registry.tenant(caller.tenant())));
        }
        return Map.of("tenants", tenants);
    }

    /** The figures of one tenant as the contract names them. */
    @JsonbPropertyOrder({"connections", "messages", "dropped", "slowConsumers", "queuePeak", "rooms"})
    public record TenantFigures(Connections connections, Messages messages, long dropped,
                                @JsonbProperty("slow_consumers") long slowConsumers,
                                @JsonbProperty("queue_peak") long queuePeak, Map<String, Integer> rooms) {
        static TenantFigures of(Tenant t) {
            return new TenantFigures(
                    new Connections(t.active(), t.stats().opened(), t.stats().closed()),
                    new Messages(t.stats().messagesIn(), t.stats().messagesOut()),
                    t.stats().dropped(), t.stats().slowConsumers(), t.stats().queuePeak(), t.roomSizes());
        }
    }

    @JsonbPropertyOrder({"active", "opened", "closed"})
    public record Connections(long active, long opened, long closed) {
    }

    @JsonbPropertyOrder({"in", "out"})
    public record Messages(long in, long out) {
    }
}
