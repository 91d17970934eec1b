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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27 (scale-out on Redis), acceptance 1, 2, 3 and 4 (and 6: under {@code -Pwildfly} the nodes are stock WildFly
 * servers): two Herald nodes, A and B, each a stock server process ({@link HeraldNode}) with the same WAR ({@code
 * herald.cluster=redis}, {@link TwoNodeClusterTests#clusterWar}: presence in the rooms {@code presence-*}, {@link
 * TxProbe} to fire CDI events from an EJB and {@link PresenceProbe} to record presence's CDI events per node), on one
 * {@code redis-server} of the test's own. The nodes and Redis are shared by the tests of this class; each test has
 * tenants of its own. Acceptance 1, the first half of 2 and presence across nodes are {@link TwoNodeClusterTests}
 * (shared with {@code HazelcastClusterIT}); the crash of B, the restart and the Redis outage run last, in that order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT extends TwoNodeClusterTests {

    static final Path DIR = Path.of(System.getProperty("herald.war", "target/herald.war")).toAbsolutePath().getParent()
            .resolve("cluster-it");
    static final Duration RECOVERY = Duration.ofSeconds(30);

    RedisServer redis;

    @BeforeAll
    void startCluster() throws Exception {
        StockDirs.delete(DIR);
        redis = RedisServer.start(DIR.resolve("redis"));
        Path war = DIR.resolve("herald.war");
        clusterWar(Map.of("herald.cluster", "redis", "herald.redis.url", redis.url())).as(ZipExporter.class)
                .exportTo(war.toFile(), true);
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

    /** Acceptance 3: node B dies (SIGKILL); its members leave within the lease; its reader resumes on A. */
    @Test
    @Order(7)
    void whenBIsKilledItsMembersLeaveWithinTheLeaseOnceEachAndItsReaderResumesOnAWithNoLoss() throws Exception {
        String tenant = "cluster-crash-" + UUID.randomUUID();
        List<String> published = new ArrayList<>();
        List<String> received = new ArrayList<>();
        try (MembersOnB members = new MembersOnB(tenant);
             WsClient reader = WsClient.connect(b.base(), Tokens.user(tenant, "reader"))) {
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
            members.assertLeftOnceEachWithin(LEASE, killed);

            try (WsClient resumed = WsClient.connect(a.base(), Tokens.user(tenant, "reader"), "since=" + received.get(9))) {
                while (received.size() < published.size()) {
                    received.add(resumed.nextEvent().getString("id"));
                }
            }
            assertEquals(published, received, "B's reader resumes on A: every event, in order, once");

            b.start();
            b.awaitUp();
            assertTrue(b.awaitReadiness(200, RECOVERY), "B back");
            assertEquals(List.of("watcher:1"), httpMembers(b, tenant, "presence-3"), "B's restart brings no stale member back");
        }
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
