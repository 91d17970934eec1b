package io.herald.cluster;

import io.herald.TestThreads;
import io.herald.it.RedisServer;
import io.herald.presence.Member;
import io.herald.presence.MemberTable;
import io.herald.presence.Presence;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The Redis member table's exactness, on a real {@code redis-server} of its own, with two tables as two nodes' (each
 * its own connections and node name, as two processes have): racing the first and the last device of one user makes
 * one join and one leave, told to each node once and decided on exactly one; a node that stops renewing loses its
 * members at the next sweep after its lease, once each. No application server: the table wired by hand, without CDI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisMemberTableIT {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final int ROUNDS = 100;

    RedisServer redis;
    Node a;
    Node b;

    /** One node's table and what it was told. */
    static final class Node implements Presence.Changes {
        final RedisMemberTable table = new RedisMemberTable();
        final BlockingQueue<String> told = new LinkedBlockingQueue<>();

        Node(String url) {
            ClusterSettings settings = new ClusterSettings();
            settings.url = url;
            settings.timeout = Duration.ofSeconds(5);
            settings.keyPrefix = "herald:";
            settings.username = Optional.empty();
            settings.password = Optional.empty();
            RedisConnections connections = new RedisConnections();
            connections.settings = settings;
            table.settings = settings;
            table.redis = connections;
            table.reader = new StreamReader();
            table.changes = this;
            table.threads = TestThreads.daemons("table-test");
            connections.connect(table::subscribe);
        }

        @Override
        public void joined(String tenant, String scope, String user, JsonObject meta, boolean decidedHere) {
            told.add("join " + scope + " " + user + (decidedHere ? " here" : ""));
        }

        @Override
        public void left(String tenant, String scope, String user, boolean decidedHere) {
            told.add("leave " + scope + " " + user + (decidedHere ? " here" : ""));
        }

        String next() throws InterruptedException {
            String s = told.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(s, "a change within " + WAIT);
            return s;
        }

        void close() {
            table.stop();
            table.redis.close();
        }
    }

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(Path.of("target"));
        redis = RedisServer.start(Files.createTempDirectory(Path.of("target"), "redis-member-table"));
        a = new Node(redis.url());
        b = new Node(redis.url());
    }

    @AfterAll
    void stop() {
        a.close();
        b.close();
        redis.close();
    }

    @Test
    @Order(1)
    void twoNodesRacingOnOneUsersFirstAndLastDeviceMakeOneJoinAndOneLeaveEachRoundDecidedOnOneNode() throws Exception {
        a.table.renew(Duration.ofMinutes(1));
        b.table.renew(Duration.ofMinutes(1));
        CyclicBarrier together = new CyclicBarrier(2);
        for (int i = 0; i < ROUNDS; i++) {
            MemberTable.Entry onA = new MemberTable.Entry("t", "room", "alice", "a" + i);
            MemberTable.Entry onB = new MemberTable.Entry("t", "room", "alice", "b" + i);
            race(together, () -> a.table.add(onA, JsonValue.EMPTY_JSON_OBJECT), () -> b.table.add(onB, JsonValue.EMPTY_JSON_OBJECT));
            race(together, () -> a.table.remove(onA, Duration.ZERO), () -> b.table.remove(onB, Duration.ZERO));
        }
        List<String> onA = new ArrayList<>();
        List<String> onB = new ArrayList<>();
        for (int i = 0; i < 2 * ROUNDS; i++) {
            onA.add(a.next());
            onB.add(b.next());
        }
        for (int i = 0; i < 2 * ROUNDS; i++) {
            String change = i % 2 == 0 ? "join room alice" : "leave room alice";
            assertEquals(change, onA.get(i).replace(" here", ""), "change " + i + " on A: " + onA);
            assertEquals(change, onB.get(i).replace(" here", ""), "change " + i + " on B: " + onB);
            assertFalse(onA.get(i).endsWith(" here") == onB.get(i).endsWith(" here"), "change " + i + " decided on one node");
        }
        assertNull(a.told.poll(500, TimeUnit.MILLISECONDS), "nothing more on A");
        assertNull(b.told.poll(0, TimeUnit.MILLISECONDS), "nothing more on B");
    }

    @Test
    @Order(2)
    void aNodeThatStopsRenewingLosesItsMembersAtTheNextSweepAfterItsLeaseOnceEachDecidedByTheSweeper() throws Exception {
        a.told.clear(); // the first test saw to it that nothing more was coming
        b.told.clear();
        b.table.renew(Duration.ofMinutes(1));
        a.table.renew(Duration.ofMillis(300)); // and no renewal after: A is as good as dead
        a.table.add(new MemberTable.Entry("t2", "room", "bob", "c1"), JsonValue.EMPTY_JSON_OBJECT);
        a.table.add(new MemberTable.Entry("t2", null, "bob", "c1"), JsonValue.EMPTY_JSON_OBJECT);
        b.table.add(new MemberTable.Entry("t2", "room", "carol", "c2"), JsonValue.EMPTY_JSON_OBJECT);
        assertEquals(List.of("join room bob", "join null bob", "join room carol here"), List.of(b.next(), b.next(), b.next()));
        TimeUnit.MILLISECONDS.sleep(400); // the lease passing is the precondition here, not a result to wait for
        b.table.sweep();
        List<String> leaves = new ArrayList<>(List.of(b.next(), b.next()));
        leaves.sort(null);
        assertEquals(List.of("leave null bob here", "leave room bob here"), leaves, "decided by B's sweep, once each");
        assertNull(b.told.poll(500, TimeUnit.MILLISECONDS), "carol stays");
        assertEquals(List.of("carol"), b.table.members("t2", "room").stream().map(Member::user).toList());
        assertEquals(MemberTable.Added.NO_LEASE, a.table.add(new MemberTable.Entry("t2", "room", "bob", "c3"), JsonValue.EMPTY_JSON_OBJECT),
                "a node whose lease ran out adds nothing until it renews");
        assertFalse(a.table.renew(Duration.ofMinutes(1)), "and then learns it held none: it must resync");
    }

    private static void race(CyclicBarrier together, Runnable one, Runnable other) throws Exception {
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> awaitThen(together, one));
        awaitThen(together, other);
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitThen(CyclicBarrier together, Runnable r) {
        try {
            together.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        r.run();
    }
}
