package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
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
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27 (scale-out on Redis), acceptance 1, 2, 3 and 4 (and 6: under {@code -Pwildfly} the nodes are stock WildFly
 * servers): two Herald nodes, A and B, each a stock server process ({@link HeraldNode}) with the same WAR ({@code
 * herald.cluster=redis}, presence in the rooms {@code presence-*}, plus {@link TxProbe} to fire CDI events from an EJB
 * and {@link PresenceProbe} to record presence's CDI events per node), on one {@code redis-server} of the test's own.
 * The nodes and Redis are shared by the tests of this class; each test has tenants of its own. Acceptance 1 and the
 * first half of 2 are {@link TwoNodeClusterTests} (shared with {@code HazelcastClusterIT}); the crash of B, the
 * restart and the Redis outage run last, in that order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT extends TwoNodeClusterTests {

    static final Path DIR = Path.of(System.getProperty("herald.war", "target/herald.war")).toAbsolutePath().getParent()
            .resolve("cluster-it");
    static final Duration RECOVERY = Duration.ofSeconds(30);
    /** Short, so that a crashed node's members leave soon: the tests wait for it. */
    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration GRACE = Duration.ofSeconds(2);

    RedisServer redis;

    @BeforeAll
    void startCluster() throws Exception {
        StockDirs.delete(DIR);
        redis = RedisServer.start(DIR.resolve("redis"));
        Path war = DIR.resolve("herald.war");
        HeraldDeployment.war(Map.of("herald.cluster", "redis", "herald.redis.url", redis.url(),
                        "herald.presence.rooms", "presence-*", "herald.presence.grace", GRACE.toString(),
                        "herald.presence.lease", LEASE.toString()), TxProbe.class, TxProbe.ProbeRegistered.class,
                PresenceProbe.class, PresenceProbe.Recorder.class, PresenceProbe.Seen.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        a = new HeraldNode(war, DIR.resolve("node-a"), 600);
        b = new HeraldNode(war, DIR.resolve("node-b"), 700);
        startBoth();
    }

    private void startBoth() throws Exception {
        a.start();
        b.start();
        a.awaitUp();
        b.awaitUp();
        assertTrue(a.awaitReadiness(200, RECOVERY) && b.awaitReadiness(200, RECOVERY), "both nodes ready on Redis");
    }

    @AfterAll
    void stopCluster() {
        HeraldNode.stopAll(a, b, redis);
    }

    @Test
    @Order(4)
    void twoDevicesOfOneUserOnAAndBAreOneMemberJoiningAndLeavingOnceAndEveryNodeListsTheClusterWideMembers() throws Exception {
        String tenant = "cluster-presence-" + UUID.randomUUID();
        try (WsClient watcher = WsClient.connect(a.base(), Tokens.user(tenant, "watcher"), "rooms=presence-1");
             // alice's devices subscribe to another type: the markers that show the watcher got nothing do not reach them
             WsClient aliceOnB = WsClient.connect(b.base(), Tokens.user(tenant, "alice"), "types=other");
             WsClient aliceOnA = WsClient.connect(a.base(), Tokens.user(tenant, "alice"), "types=other")) {
            assertEquals(List.of("alice:1", "watcher:1"), PresenceIT.members(PresenceIT.join(aliceOnB, "presence-1", "{\"on\":\"B\"}")),
                    "B's join reply lists the member connected to A");
            PresenceIT.assertPresence(watcher.next(), "presence-1", "alice", "join");
            Markers.assertNext(a.base(), tenant, watcher);
            assertEquals(List.of("alice:1", "watcher:1"), httpMembers(a, tenant, "presence-1"), "A lists alice, connected to B only");

            assertEquals(List.of("alice:2", "watcher:1"), PresenceIT.members(PresenceIT.join(aliceOnA, "presence-1", null)));
            Markers.assertNext(a.base(), tenant, watcher); // alice's second device, on another node: no join
            assertEquals(List.of("alice:2", "watcher:1"), httpMembers(b, tenant, "presence-1"));

            aliceOnB.request("l1", "{\"action\":\"leave\",\"room\":\"presence-1\",\"ref\":\"l1\"}");
            Markers.assertNext(a.base(), tenant, watcher); // one device left, the other is on A: no leave

            aliceOnA.request("l2", "{\"action\":\"leave\",\"room\":\"presence-1\",\"ref\":\"l2\"}");
            PresenceIT.assertPresence(watcher.next(), "presence-1", "alice", "leave");
            Markers.assertNext(a.base(), tenant, watcher); // exactly one
            assertEquals(List.of("watcher:1"), httpMembers(b, tenant, "presence-1"));
        }
        List<String> onA = PresenceIT.awaitSeen(a.base(), tenant, "left presence-1 alice"::equals);
        List<String> onB = PresenceIT.awaitSeen(b.base(), tenant, "joined presence-1 alice"::equals);
        assertEquals(List.of("joined presence-1 alice", "left presence-1 alice"),
                java.util.stream.Stream.concat(onA.stream(), onB.stream()).filter(s -> s.contains(" presence-1 alice")).sorted().toList(),
                "the application is told each change once in the cluster (on the node that decided it): A " + onA + ", B " + onB);
    }

    @Test
    @Order(5)
    void aReconnectToTheOtherNodeWithinTheGraceDoesNotFlapAndBeyondItOneLeave() throws Exception {
        String tenant = "cluster-grace-" + UUID.randomUUID();
        try (WsClient watcher = WsClient.connect(a.base(), Tokens.user(tenant, "watcher"), "rooms=presence-2")) {
            WsClient carol = WsClient.connect(b.base(), Tokens.user(tenant, "carol"), "rooms=presence-2");
            PresenceIT.assertPresence(watcher.next(), "presence-2", "carol", "join");
            carol.close();
            carol = WsClient.connect(a.base(), Tokens.user(tenant, "carol"), "rooms=presence-2");
            JsonObject during = watcher.poll(GRACE.plusSeconds(2));
            assertNull(during, "carol went from B to A within the grace: no leave, no join (" + during + ")");
            Markers.assertNext(a.base(), tenant, watcher);
            carol.close();
            PresenceIT.assertPresence(watcher.next(), "presence-2", "carol", "leave");
            Markers.assertNext(b.base(), tenant, watcher);
        }
    }

    /** Acceptance 3: node B dies (SIGKILL); its members leave within the lease; its reader resumes on A. */
    @Test
    @Order(7)
    void whenBIsKilledItsMembersLeaveWithinTheLeaseOnceEachAndItsReaderResumesOnAWithNoLoss() throws Exception {
        String tenant = "cluster-crash-" + UUID.randomUUID();
        List<String> published = new ArrayList<>();
        List<String> received = new ArrayList<>();
        try (WsClient watcher = WsClient.connect(a.base(), Tokens.user(tenant, "watcher"), "rooms=presence-3", "types=marker");
             WsClient bob = WsClient.connect(b.base(), Tokens.user(tenant, "bob"), "rooms=presence-3");
             WsClient carol = WsClient.connect(b.base(), Tokens.user(tenant, "carol"), "rooms=presence-3");
             WsClient reader = WsClient.connect(b.base(), Tokens.user(tenant, "reader"))) {
            List<String> joins = List.of(watcher.next(), watcher.next()).stream()
                    .peek(f -> assertEquals("join", f.getString("state"), f.toString())).map(f -> f.getString("user")).sorted().toList();
            assertEquals(List.of("bob", "carol"), joins);
            assertEquals(List.of("bob:1", "carol:1", "watcher:1"), httpMembers(a, tenant, "presence-3"));
            for (int i = 0; i < 10; i++) {
                published.add(Api.publish(a.base(), tenant, "{\"type\":\"tick\"}").getString("id"));
            }
            while (received.size() < 10) {
                received.add(reader.nextEvent().getString("id"));
            }

            long killed = System.nanoTime();
            b.kill();
            for (int i = 0; i < 10; i++) {
                published.add(Api.publish(a.base(), tenant, "{\"type\":\"tick\"}").getString("id"));
            }
            List<String> leaves = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                JsonObject f = watcher.poll(LEASE.plusSeconds(5));
                assertTrue(f != null, "a leave within the lease, got " + leaves);
                PresenceIT.assertPresence(f, "presence-3", f.getString("user"), "leave");
                leaves.add(f.getString("user"));
            }
            Duration after = Duration.ofNanos(System.nanoTime() - killed);
            assertTrue(after.compareTo(LEASE) <= 0, "B's members left " + after + " after the kill, over the lease " + LEASE);
            assertEquals(List.of("bob", "carol"), leaves.stream().sorted().toList());
            Markers.assertNext(a.base(), tenant, watcher); // one leave each
            assertEquals(List.of("watcher:1"), httpMembers(a, tenant, "presence-3"));

            try (WsClient resumed = WsClient.connect(a.base(), Tokens.user(tenant, "reader"), "since=" + received.get(9))) {
                while (received.size() < published.size()) {
                    received.add(resumed.nextEvent().getString("id"));
                }
            }
            assertEquals(published, received, "B's reader resumes on A: every event, in order, once");
            PresenceIT.awaitSeen(a.base(), tenant, "left presence-3 bob"::equals);
            List<String> onA = PresenceIT.awaitSeen(a.base(), tenant, "left presence-3 carol"::equals);
            assertEquals(List.of("left presence-3 bob", "left presence-3 carol"),
                    onA.stream().filter(s -> s.startsWith("left presence-3 ")).sorted().toList(),
                    "the survivor decided the leaves and told the application once each");

            b.start();
            b.awaitUp();
            assertTrue(b.awaitReadiness(200, RECOVERY), "B back");
            assertEquals(List.of("watcher:1"), httpMembers(b, tenant, "presence-3"), "B's restart brings no stale member back");
        }
    }

    private static List<String> httpMembers(HeraldNode node, String tenant, String room) {
        Api.Answer r = Api.get(node.base(), "api/v1/rooms/" + room + "/presence", Tokens.user(tenant, "reader"));
        assertEquals(200, r.status(), r.toString());
        return PresenceIT.names(r.body().getJsonArray("members"));
    }

    /** Acceptance 2, second half: both nodes stopped and started again, Redis kept. */
    @Test
    @Order(8)
    void afterBothNodesRestartAResumeLosesNothing() throws Exception {
        String tenant = "cluster-" + UUID.randomUUID();
        List<String> published = new ArrayList<>();
        String lastRead;
        try (WsClient onB = WsClient.connect(b.base(), Tokens.user(tenant, "reader"))) {
            for (int i = 0; i < 40; i++) {
                published.add(Api.publish(i % 2 == 0 ? a.base() : b.base(), tenant, "{\"type\":\"tick\"}").getString("id"));
            }
            for (int i = 0; i < 15; i++) {
                assertEquals(published.get(i), onB.nextEvent().getString("id"));
            }
            lastRead = published.get(14);
        }
        a.stop();
        b.stop();
        startBoth();
        List<String> resumed = new ArrayList<>();
        try (WsClient onA = WsClient.connect(a.base(), Tokens.user(tenant, "reader"), "since=" + lastRead)) {
            while (resumed.size() < published.size() - 15) {
                resumed.add(onA.nextEvent().getString("id"));
            }
            String after = Api.publish(b.base(), tenant, "{\"type\":\"after.restart\"}").getString("id");
            assertEquals(after, onA.nextEvent().getString("id"), "live delivery goes on after the replay");
        }
        assertEquals(published.subList(15, published.size()), resumed);
    }

    /** Acceptance 4: Redis stopped, then started again (its append-only file kept). */
    @Test
    @Order(9)
    void whileRedisIsDownPublishesGet503AndReadinessIsFalseThenEverythingAcceptedIsDelivered() throws Exception {
        String tenant = "cluster-" + UUID.randomUUID();
        try (WsClient onB = WsClient.connect(b.base(), Tokens.user(tenant, "ann"))) {
            String before = Api.publish(a.base(), tenant, "{\"type\":\"before.outage\"}").getString("id");
            assertEquals(before, onB.nextEvent().getString("id"));

            redis.stop();
            assertTrue(a.awaitReadiness(503, RECOVERY), "A is not ready without Redis");
            Api.Answer refused = Api.tryPublish(a.base(), tenant, "{\"type\":\"during.outage\"}");
            assertEquals(503, refused.status(), refused.toString());
            assertEquals("unavailable", refused.body().getString("error"));
            assertTrue(refused.retryAfter() != null, "with Retry-After");
            assertEquals(200, Api.post(a.base(), "api/v1/test/tx/commit?tenant=" + tenant + "&marker=committed-in-outage",
                    null, "").status(), "the application's transaction commits regardless");

            redis.start();
            assertTrue(a.awaitReadiness(200, RECOVERY) && b.awaitReadiness(200, RECOVERY), "both ready again, no restart");
            JsonObject waited = onB.nextEvent();
            assertEquals("committed-in-outage", waited.getJsonObject("data").getString("marker"),
                    "the CDI event that waited for Redis reaches B");
            String after = Api.publish(a.base(), tenant, "{\"type\":\"after.outage\"}").getString("id");
            assertEquals(after, onB.nextEvent().getString("id"));

            try (WsClient fromStart = WsClient.connect(b.base(), Tokens.user(tenant, "cy"), "since=0-0")) {
                List<String> all = List.of(fromStart.nextEvent().getString("id"), fromStart.nextEvent().getString("id"),
                        fromStart.nextEvent().getString("id"));
                assertEquals(List.of(before, waited.getString("id"), after), all, "what got 202 is kept, in order");
            }
        }
    }

    /** Deletes a directory tree left by an earlier run. */
    static final class StockDirs {
        static void delete(Path dir) throws java.io.IOException {
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
                }
            }
        }
    }
}
