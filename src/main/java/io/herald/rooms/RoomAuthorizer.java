package io.herald.rooms;

import io.herald.auth.Caller;

/**
 * An application's rule for private rooms. Implement it in an {@code @ApplicationScoped} CDI bean of your
 * application (in the WAR that holds Herald's classes, or next to them in Herald's WAR); Herald finds every such bean
 * once, at its first room check, and asks them when a caller wants a private room its credential does not grant
 * (a {@code join} action, or {@code ?rooms=} at connect). A caller may join when its grants match <em>or</em> any
 * authorizer answers true: an authorizer can only open private rooms, never close a room that is open or granted.
 * <p>
 * Threads: called concurrently, on the thread that reads the connection's frames (or that runs the upgrade), so it
 * must be thread-safe and fast: the connection reads nothing else while it runs. Look up what you need elsewhere and
 * cache it. An authorizer that throws counts as a "no" for that call and is logged at WARNING; the others are still
 * asked, and the client gets {@code forbidden}, never a server error.
 */
public interface RoomAuthorizer {

    /**
     * @param caller who asks, as its credential proves it (tenant, user, roles, grants); never null
     * @param room   a valid room name with the private prefix; never null
     * @return true to let the caller join the room
     */
    boolean mayJoin(Caller caller, String room);
}
