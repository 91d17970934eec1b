package io.herald.it;

import io.herald.auth.Caller;
import io.herald.rooms.RoomAuthorizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Test-only, deployed into herald.war by {@link PrivateRoomIT}: an application's room authorizer. Each user may join
 * {@code private-user-<their user>}; asking about a {@code private-broken-*} room throws, as an authorizer whose
 * directory is down would.
 */
@ApplicationScoped
public class OwnRoomAuthorizer implements RoomAuthorizer {

    @Override
    public boolean mayJoin(Caller caller, String room) {
        if (room.startsWith("private-broken-")) {
            throw new IllegalStateException("the test's directory is down");
        }
        return room.equals("private-user-" + caller.user());
    }
}
