package io.herald.access;

import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.http.ApiException;
import io.herald.http.RequiresRole;
import io.herald.protocol.Json;
import io.herald.tenant.Connection;
import io.herald.tenant.TenantRegistry;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/sessions?user=<user>}: lists a user's open sessions on this node ({@link Listed}, oldest first),
 * a snapshot; the same callers and tenant rule as the revocation.
 * <p>
 * {@code DELETE /api/v1/sessions?user=<user>}: revokes a user's open sessions, each closed with 4401, answered
 * {@code {"closed": n}} (the sessions this call closed, on this node; the other nodes of a cluster close theirs when
 * the revocation reaches them, see {@link Revocations}). The tenant is the caller's own; a
 * {@code herald-admin} may name another with {@code &tenant=}, a {@code herald-publisher} naming another gets 403.
 * A missing {@code user} is 400.
 * <p>
 * It closes sessions, it does not blacklist the credential: a client whose token is still valid may connect again.
 * Revoke the user at the identity provider too, and keep tokens short-lived. Stateless (per request; the state is
 * the registry's).
 */
@Path("sessions")
public class SessionsResource {

    @Inject
    TenantRegistry registry;

    @Inject
    Revocations revocations;

    /**
     * One open session as listed: who, how it connected, what it listens to, its counts. No credential.
     *
     * @param apiKey the id of the API key it connected with, null for a token (left out)
     */
    @JsonbPropertyOrder({"session", "tenant", "user", "protocol", "connectedSince", "rooms", "types", "messagesIn",
            "messagesOut", "queued", "apiKey"})
    public record Listed(String session, String tenant, String user, String protocol,
                         @JsonbProperty("connected_since") String connectedSince, Set<String> rooms, Set<String> types,
                         @JsonbProperty("messages_in") long messagesIn, @JsonbProperty("messages_out") long messagesOut,
                         int queued, @JsonbProperty("api_key") String apiKey) {
        static Listed of(Connection c) {
            return new Listed(c.id(), c.tenant(), c.user(), c.protocol(), Json.timestamp(c.openedAt()), c.rooms(),
                    new TreeSet<>(c.filter().patterns()), c.messagesIn(), c.outbound().sent(), c.outbound().queued(),
                    c.caller().keyId());
        }
    }

    @GET
    @RequiresRole({Caller.PUBLISHER, Caller.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<Listed>> list(@QueryParam("user") String user, @QueryParam("tenant") String tenant,
                                          @Context SecurityContext security) {
        List<Listed> sessions = registry.connections(tenantOf(user, tenant, security, "list"), user).stream()
                .map(Listed::of).sorted(Comparator.comparing(Listed::connectedSince).thenComparing(Listed::session))
                .toList();
        return Map.of("sessions", sessions);
    }

    @DELETE
    @RequiresRole({Caller.PUBLISHER, Caller.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> revoke(@QueryParam("user") String user, @QueryParam("tenant") String tenant,
                                       @Context SecurityContext security) {
        String of = tenantOf(user, tenant, security, "close");
        return Map.of("closed", revocations.revokeUser(of, user));
    }

    /** @return the tenant the request is about: the caller's own unless a {@code herald-admin} names another */
    private static String tenantOf(String user, String tenant, SecurityContext security, String verb) {
        Caller caller = (Caller) security.getUserPrincipal();
        if (user == null || user.isBlank()) {
            throw new ApiException(400, ApiError.BAD_REQUEST, "query parameter 'user' is required");
        }
        String of = tenant == null || tenant.isBlank() ? caller.tenant() : tenant;
        if (!of.equals(caller.tenant()) && !caller.hasRole(Caller.ADMIN)) {
            throw new ApiException(403, ApiError.FORBIDDEN, "only herald-admin may " + verb + " sessions of another tenant");
        }
        return of;
    }
}
