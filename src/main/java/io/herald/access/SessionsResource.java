package io.herald.access;

import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.http.ApiException;
import io.herald.http.RequiresRole;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Map;

/**
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
    Revocations revocations;

    @DELETE
    @RequiresRole({Caller.PUBLISHER, Caller.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Integer> revoke(@QueryParam("user") String user, @QueryParam("tenant") String tenant,
                                       @Context SecurityContext security) {
        Caller caller = (Caller) security.getUserPrincipal();
        if (user == null || user.isBlank()) {
            throw new ApiException(400, ApiError.BAD_REQUEST, "query parameter 'user' is required");
        }
        String of = tenant == null || tenant.isBlank() ? caller.tenant() : tenant;
        if (!of.equals(caller.tenant()) && !caller.hasRole(Caller.ADMIN)) {
            throw new ApiException(403, ApiError.FORBIDDEN, "only herald-admin may close sessions of another tenant");
        }
        return Map.of("closed", revocations.revokeUser(of, user));
    }
}
