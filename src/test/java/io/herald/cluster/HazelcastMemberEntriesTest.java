package io.herald.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.herald.TestThreads;
import io.herald.presence.Member;
import io.herald.presence.MemberTable;
import io.herald.presence.Presence;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hazelcast member table on three real Hazelcast members in this JVM (TCP/IP on the loopback): changes told once
 * on every member in one order, decided by one; a member that leaves the cluster swept by the survivors. The members
 * serve every test; each test has a tenant of its own; the member {@code c} is terminated by the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazelcastMemberEntriesTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration QUIET = Duration.ofMillis(500);

    final List<HazelcastInstance> hz = new ArrayList<>();
    final List<HazelcastMemberEntries> tables = new ArrayList<>();
    final List<BlockingQueue<String>> told = new ArrayList<>();

    @BeforeAll
    void startThreeMembers() throws IOException {
        int[] ports = {HazelcastMemberTest.freePort(), HazelcastMemberTest.freePort(), HazelcastMemberTest.freePort()};
        String name = "herald-test-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            hz.add(Hazelcast.newHazelcastInstance(HazelcastMemberTest.config(name, ports[i], ports)));
        }
        assertEquals(3, hz.get(0).getCluster().getMembers().size(), "one cluster of three members");
        for (int i = 0; i < 3; i++) {
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            told.add(q);
            HazelcastMemberEntries t = new HazelcastMemberEntries(hz.get(i), Duration.ofSeconds(5),
                    TestThreads.daemons("herald-hz-presence-test"), recorder(q));
            assertFalse(t.renew(), "a new node holds nothing: it resyncs");
            assertTrue(t.renew());
            tables.add(t);
        }
    }

    @AfterAll
    void stop() {
        tables.forEach(HazelcastMemberEntries::leave);
        hz.forEach(h -> h.getLifecycleService().terminate());
    }

    private static Presence.Changes recorder(BlockingQueue<String> q) {
        return new Presence.Changes() {
            @Override
            public void joined(String tenant, String scope, String user, JsonObject meta, boolean decidedHere) {
                q.add(tenant + " joined " + scope + " " + user + " " + meta + (decidedHere ? " here" : ""));
            }

            @Override
            public void left(String tenant, String scope, String user, boolean decidedHere) {
                q.add(tenant + " left " + scope + " " + user + (decidedHere ? " here" : ""));
            }
        };
    }

    @Test
    @Order(1)
    void twoDevicesOfOneUserOnTwoMembersAreOneJoinAndOneLeaveToldOnEveryMemberDecidedByOne() throws Exception {
        String t = "two-devices-" + UUID.randomUUID();
        JsonObject meta = Json.createObjectBuilder().add("on", "A").build();
        assertEquals(MemberTable.Added.JOINED, tables.get(0).add(new MemberTable.Entry(t, "r", "alice", "c1"), meta));
        assertEquals(MemberTable.Added.KNOWN, tables.get(1).add(new MemberTable.Entry(t, "r", "alice", "c2"), JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(List.of(new Member("alice", 2, meta)), tables.get(2).members(t, "r"), "every member lists both devices");
        assertFalse(tables.get(0).remove(new MemberTable.Entry(t, "r", "alice", "c1"), Duration.ZERO));
        assertFalse(tables.get(1).remove(new MemberTable.Entry(t, "r", "alice", "c2"), Duration.ZERO));
        assertEquals(List.of(), tables.get(2).members(t, "r"));
        assertEquals(List.of(t + " joined r alice {\"on\":\"A\"} here", t + " left r alice"), next(0, t, 2));
        assertEquals(List.of(t + " joined r alice {\"on\":\"A\"}", t + " left r alice here"), next(1, t, 2));
        assertEquals(List.of(t + " joined r alice {\"on\":\"A\"}", t + " left r alice"), next(2, t, 2));
        assertNothingMore(t);
    }

    @Test
    @Order(2)
    void aLastDeviceBackOnAnotherMemberWithinTheGraceCancelsTheLeaveAndPastItOneLeave() throws Exception {
        String t = "grace-" + UUID.randomUUID();
        tables.get(0).add(new MemberTable.Entry(t, null, "bob", "c1"), JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(List.of(t + " joined null bob {} here"), next(0, t, 1));
        assertTrue(tables.get(0).remove(new MemberTable.Entry(t, null, "bob", "c1"), Duration.ofMinutes(1)), "a leave pending");
        assertEquals(List.of(new Member("bob", 0, JsonValue.EMPTY_JSON_OBJECT)), tables.get(1).members(t, null), "still a member");
        assertEquals(MemberTable.Added.KNOWN, tables.get(1).add(new MemberTable.Entry(t, null, "bob", "c2"), JsonValue.EMPTY_JSON_OBJECT));
        assertTrue(tables.get(1).remove(new MemberTable.Entry(t, null, "bob", "c2"), Duration.ofMillis(200)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        String left = null;
        while (left == null && System.nanoTime() < deadline) {
            tables.get(2).expireDue();
            left = told.get(0).poll(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(t + " left null bob", left, "one leave, once the second grace passed");
        assertEquals(List.of(t + " joined null bob {}", t + " left null bob here"), next(2, t, 2), "decided by the member that expired it");
        next(1, t, 2);
        assertNothingMore(t);
    }

    @Test
    @Order(3)
    void aNodeNotInTheTableAddsNothingAndAsksForAResync() throws Exception {
        String t = "resync-" + UUID.randomUUID();
        HazelcastMemberEntries a = tables.get(0);
        a.release(Duration.ZERO);
        assertEquals(MemberTable.Added.NO_LEASE, a.add(new MemberTable.Entry(t, "r", "dan", "c1"), JsonValue.EMPTY_JSON_OBJECT));
        assertFalse(a.renew(), "released: resync");
        a.resync(Map.of(new MemberTable.Entry(t, "r", "dan", "c1"), JsonValue.EMPTY_JSON_OBJECT), Duration.ZERO);
        assertEquals(List.of(t + " joined r dan {} here"), next(0, t, 1));
        a.resync(Map.of(), Duration.ZERO);
        assertEquals(List.of(t + " left r dan here"), next(0, t, 1), "the entries this node no longer has leave");
        assertTrue(a.renew());
    }

    /** Terminates {@code c}: runs last. */
    @Test
    @Order(10)
    void theEntriesOfAMemberThatLeavesTheClusterAreSweptByTheSurvivorsEachLastMemberLeavingOnce() throws Exception {
        String t = "crash-" + UUID.randomUUID();
        String t2 = "after-crash-" + UUID.randomUUID();
        HazelcastMemberEntries c = tables.get(2);
        c.add(new MemberTable.Entry(t, "r", "x", "c1"), JsonValue.EMPTY_JSON_OBJECT);
        c.add(new MemberTable.Entry(t, "r", "y", "c2"), JsonValue.EMPTY_JSON_OBJECT);
        tables.get(0).add(new MemberTable.Entry(t, "r", "y", "c3"), JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(2, next(0, t, 2).size());
        assertEquals(2, next(1, t, 2).size());
        assertEquals(2, next(2, t, 2).size());
        c.leave();
        hz.get(2).getLifecycleService().terminate(); // no goodbye: as a kill
        String onA = next(0, t, 1).get(0);
        String onB = next(1, t, 1).get(0);
        assertTrue(onA.startsWith(t + " left r x") && onB.startsWith(t + " left r x"), onA + " / " + onB);
        assertTrue(onA.endsWith(" here") ^ onB.endsWith(" here"), "decided by one survivor: " + onA + " / " + onB);
        assertEquals(List.of(new Member("y", 1, JsonValue.EMPTY_JSON_OBJECT)), tables.get(1).members(t, "r"),
                "y keeps its device on a survivor");
        tables.get(0).add(new MemberTable.Entry(t2, "r", "z", "c1"), JsonValue.EMPTY_JSON_OBJECT);
        next(0, t2, 1);
        assertNothingMore(t);
    }

    private List<String> next(int member, String tenant, int n) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (got.size() < n) {
            String s = told.get(member).poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(s, "member " + member + " told " + n + " changes of " + tenant + ", got " + got);
            if (s.startsWith(tenant + " ")) {
                got.add(s);
            }
        }
        return got;
    }

    private void assertNothingMore(String tenant) throws InterruptedException {
        Thread.sleep(QUIET.toMillis()); // a change told twice would come within this
        for (BlockingQueue<String> q : told) {
            assertNull(q.stream().filter(s -> s.startsWith(tenant + " ")).findFirst().orElse(null), "told once: " + q);
        }
    }
}
