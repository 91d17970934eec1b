package io.herald.rooms;

import io.herald.auth.Caller;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomAccessTest {

    private static Caller caller(String... grants) {
        return new Caller("t1", "alice", Set.of(), Instant.MAX, null, List.of(grants));
    }

    @Test
    void roomsWithoutThePrefixAreOpenToEveryCallerAndNoAuthorizerIsAsked() {
        List<String> asked = new ArrayList<>();
        RoomAccess access = RoomAccess.of("private-", List.of((c, room) -> asked.add(room) && false));
        assertTrue(access.mayJoin(caller(), "conv-7"));
        assertTrue(access.mayJoin(caller(), "privateer"));
        assertEquals(List.of(), asked);
    }

    @Test
    void aGrantMatchesItsExactNameOrItsPrefixAndStarAloneMatchesEveryRoom() {
        RoomAccess access = RoomAccess.of("private-", List.of());
        assertTrue(access.mayJoin(caller("private-team-*"), "private-team-7"));
        assertTrue(access.mayJoin(caller("private-team-*"), "private-team-"));
        assertFalse(access.mayJoin(caller("private-team-*"), "private-teams"));
        assertTrue(access.mayJoin(caller("private-a"), "private-a"));
        assertFalse(access.mayJoin(caller("private-a"), "private-ab"));
        assertTrue(access.mayJoin(caller("*"), "private-anything"));
        assertFalse(access.mayJoin(caller(), "private-a"));
    }

    @Test
    void anyAuthorizerSayingYesAllowsAndAGrantedRoomAsksNone() {
        List<String> asked = new ArrayList<>();
        RoomAuthorizer no = (c, room) -> asked.add("no:" + room) && false;
        RoomAuthorizer ownRoom = (c, room) -> asked.add("own:" + room) && room.equals("private-user-" + c.user());
        RoomAccess access = RoomAccess.of("private-", List.of(no, ownRoom));
        assertTrue(access.mayJoin(caller(), "private-user-alice"));
        assertFalse(access.mayJoin(caller(), "private-user-bob"));
        assertEquals(List.of("no:private-user-alice", "own:private-user-alice", "no:private-user-bob", "own:private-user-bob"), asked);
        asked.clear();
        assertTrue(access.mayJoin(caller("private-*"), "private-user-bob"));
        assertEquals(List.of(), asked);
    }

    @Test
    void anAuthorizerThatThrowsCountsAsNoAndTheOthersAreStillAsked() {
        RoomAuthorizer broken = (c, room) -> {
            throw new IllegalStateException("directory down");
        };
        assertFalse(RoomAccess.of("private-", List.of(broken)).mayJoin(caller(), "private-x"));
        assertTrue(RoomAccess.of("private-", List.of(broken, (c, room) -> true)).mayJoin(caller(), "private-x"));
    }

    @Test
    void thePrefixIsConfigurable() {
        RoomAccess access = RoomAccess.of("secret.", List.of());
        assertTrue(access.mayJoin(caller(), "private-x"));
        assertFalse(access.mayJoin(caller(), "secret.x"));
        assertTrue(access.mayJoin(caller("secret.*"), "secret.x"));
    }
}
