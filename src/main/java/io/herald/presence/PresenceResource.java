package io.herald.presence;

import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.http.ApiException;
import io.herald.rooms.RoomAccess;
import io.herald.tenant.RoomNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/rooms/{room}/presence}: the members of a room of the caller's own tenant (any authenticated
 * caller of it; the tenant comes from the credential, so another tenant's token sees its own room of that name).
 * A snapshot. 400 for a name that is not a room's, 403 for a private room the caller may not join (its members are
 * as private as its events: the same rule as a {@code join}, {@link RoomAccess}), 404 for a room without presence,
 * 503 while a cluster-wide presence cannot reach its backend.
 */
@Path("rooms/{room}/presence")
public class PresenceResource {

    @Inject
    RoomPresence presence;

    @Inject
    RoomAccess access;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> members(@PathParam("room") String room, @Context SecurityContext security) {
        if (!RoomNames.isValid(room)) {
            throw new ApiException(400, ApiError.BAD_REQUEST, "not a room name: letters, digits and . _ : @ -, at most 128 characters");
        }
        Caller caller = (Caller) security.getUserPrincipal();
        if (!access.mayJoin(caller, room)) {
            throw new ApiException(403, ApiError.FORBIDDEN, RoomAccess.refusal(room));
        }
        List<Member> members;
        try {
            members = presence.members(caller.tenant(), room);
        } catch (Presence.Unavailable e) {
            throw new ApiException(503, ApiError.UNAVAILABLE, "presence is unreachable across the nodes; retry later");
        }
        if (members == null) {
            throw new ApiException(404, ApiError.NOT_FOUND, "room " + room + " has no presence (herald.presence.rooms)");
        }
        return Map.of("room", room, "members", members);
    }
}
