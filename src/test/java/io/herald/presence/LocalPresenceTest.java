package io.herald.presence;

import io.herald.TestThreads;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Real changes only: a user's first connection in, its last out, a pending leave cancelled by a return in the grace. */
class LocalPresenceTest {

    final BlockingQueue<String> told = new LinkedBlockingQueue<>();
    final LocalPresence presence = new LocalPresence();

    @BeforeEach
    void start() {
        presence.changes = new Presence.Changes() {
            @Override
            public void joined(String tenant, String scope, String user, JsonObject meta, boolean decidedHere) {
                told.add("join " + tenant + "/" + scope + "/" + user);
            }

            @Override
            public void left(String tenant, String scope, String user, boolean decidedHere) {
                told.add("leave " + tenant + "/" + scope + "/" + user);
            }
        };
        presence.threads = TestThreads.daemons("presence-test");
        presence.start();
    }

    @AfterEach
    void stop() {
        presence.stop();
    }

    @Test
    void twoDevicesMakeOneJoinAndOneLeaveAndMembersCountDevices() {
        presence.enter("t", "r", "alice", "c1", null, () -> true);
        presence.enter("t", "r", "alice", "c2", null, () -> true);
        assertEquals(List.of(new Member("alice", 2, null)), presence.members("t", "r"));
        presence.exit("t", "r", "alice", "c1", Duration.ZERO);
        presence.exit("t", "r", "alice", "c1", Duration.ZERO); // idempotent
        presence.exit("t", "r", "alice", "c2", Duration.ZERO);
        assertEquals(List.of("join t/r/alice", "leave t/r/alice"), List.copyOf(told));
        assertEquals(List.of(), presence.members("t", "r"));
    }

    @Test
    void aReturnWithinTheGraceIsNoChangeAndAfterItExactlyOneLeave() throws InterruptedException {
        presence.enter("t", null, "bob", "c1", null, () -> true);
        presence.exit("t", null, "bob", "c1", Duration.ofMillis(300));
        presence.enter("t", null, "bob", "c2", null, () -> true);
        assertEquals("join t/null/bob", told.poll());
        assertNull(told.poll(600, TimeUnit.MILLISECONDS), "back within the grace: no leave, no second join");
        presence.exit("t", null, "bob", "c2", Duration.ofMillis(200));
        assertEquals(List.of(new Member("bob", 0, null)), presence.members("t", null), "a member while the grace runs");
        assertEquals("leave t/null/bob", told.poll(5, TimeUnit.SECONDS));
        assertNull(told.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void aConnectionNoLongerCurrentIsNotEntered() {
        presence.enter("t", "r", "carol", "c1", null, () -> false);
        assertEquals(List.of(), presence.members("t", "r"));
        assertNull(told.poll());
    }
}
