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

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27, acceptance 4's last clause and the Faults paragraph's outbox: one stock Herald node ({@link HeraldNode},
 * on the server of this run: Payara Micro, or WildFly under {@code -Pwildfly}) on a {@code redis-server} of the test's
 * own, {@code herald.publish.outbox=on} on the server's default datasource (an H2 file that outlives the node's
 * restarts, see {@link HeraldNode}), {@link TxProbe} to commit an EJB's event. A second server process besides the
 * test's own: run it under {@code flock /tmp/herald-cluster.lock}, like ClusterIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxRecoveryIT {

    static final Path DIR = Path.of(System.getProperty("herald.war", "target/herald.war")).toAbsolutePath().getParent()
            .resolve("outbox-it");
    static final Duration RECOVERY = Duration.ofSeconds(30);
    /** Read from the environment (the test's configuration jar leaves it out), so each start may set it. */
    static final String START_DELAY = "HERALD_PUBLISH_OUTBOX_START_DELAY";

    RedisServer redis;
    HeraldNode node;

    @BeforeAll
    void start() throws Exception {
        ClusterIT.StockDirs.delete(DIR);
        redis = RedisServer.start(DIR.resolve("redis"));
        Path war = DIR.resolve("herald.war");
        HeraldDeployment.war(Map.of("herald.cluster", "redis", "herald.redis.url", redis.url(), "herald.publish.outbox", "on"),
                        TxProbe.class, TxProbe.ProbeRegistered.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        node = new HeraldNode(war, DIR.resolve("node"), 800);
        startNode(Map.of());
    }

    private void startNode(Map<String, String> environment) throws Exception {
        node.start(environment).awaitUp();
        assertTrue(node.awaitReadiness(200, RECOVERY), "ready on Redis");
    }

    @AfterAll
    void stop() {
        HeraldNode.stopAll(node, redis);
    }

    @Test
    @Order(1)
    void anEventCommittedWhileRedisIsDownWaitsInTheTableAndIsDeliveredOnceRedisIsBack() throws Exception {
        String tenant = "outbox-" + UUID.randomUUID();
        try (WsClient client = WsClient.connect(node.base(), Tokens.user(tenant, "ann"))) {
            String before = Api.publish(node.base(), tenant, "{\"type\":\"before.outage\"}").getString("id");
            assertEquals(before, client.nextEvent().getString("id"));

            redis.stop();
            assertTrue(node.awaitReadiness(503, RECOVERY), "not ready without Redis");
            assertEquals(503, Api.tryPublish(node.base(), tenant, "{\"type\":\"during.outage\"}").status());
            assertEquals(200, Api.post(node.base(), "api/v1/test/tx/commit?tenant=" + tenant + "&marker=committed-in-outage",
                    null, "").status(), "the application's transaction commits regardless");
            assertEquals(1.0, awaitPending(1), "the event waits in the table");

            redis.start();
            assertTrue(node.awaitReadiness(200, RECOVERY), "ready again, no restart");
            JsonObject waited = client.nextEvent();
            assertEquals("committed-in-outage", waited.getJsonObject("data").getString("marker"));
            String after = Api.publish(node.base(), tenant, "{\"type\":\"after.outage\"}").getString("id");
            assertEquals(after, client.nextEvent().getString("id"), "delivered once");
            assertEquals(0.0, awaitPending(0));

            try (WsClient fromStart = WsClient.connect(node.base(), Tokens.user(tenant, "cy"), "since=" + before)) {
                assertEquals(List.of(waited.getString("id"), after),
                        List.of(fromStart.nextEvent().getString("id"), fromStart.nextEvent().getString("id")),
                        "in the log once, in order");
            }
        }
    }

    /** The relay held back for the first run by its start delay, as if the node died right after the commit. */
    @Test
    @Order(2)
    void aRowCommittedJustBeforeTheNodeStoppedIsDeliveredAfterItsRestart() throws Exception {
        String tenant = "outbox-" + UUID.randomUUID();
        String before;
        try (WsClient client = WsClient.connect(node.base(), Tokens.user(tenant, "ann"))) {
            before = Api.publish(node.base(), tenant, "{\"type\":\"before.stop\"}").getString("id");
            assertEquals(before, client.nextEvent().getString("id"));
        }
        node.stop();
        startNode(Map.of(START_DELAY, "PT10M"));
        assertEquals(200, Api.post(node.base(), "api/v1/test/tx/commit?tenant=" + tenant + "&marker=committed-before-stop",
                null, "").status());
        assertEquals(1.0, awaitPending(1), "written, not relayed");
        node.stop();

        startNode(Map.of());
        try (WsClient resumed = WsClient.connect(node.base(), Tokens.user(tenant, "ann"), "since=" + before)) {
            JsonObject relayed = resumed.nextEvent();
            assertEquals("committed-before-stop", relayed.getJsonObject("data").getString("marker"));
            String after = Api.publish(node.base(), tenant, "{\"type\":\"after.restart\"}").getString("id");
            assertEquals(after, resumed.nextEvent().getString("id"), "delivered once");
        }
        assertEquals(0.0, awaitPending(0));
    }

    /** @return {@code herald_outbox_pending} once it is {@code rows}, or what it was when the bound passed */
    private double awaitPending(int rows) throws Exception {
        URL base = node.base();
        Instant deadline = Instant.now().plus(RECOVERY);
        double seen = Prometheus.value(Prometheus.scrape(base), "herald_outbox_pending");
        while (seen != rows && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(200);
            seen = Prometheus.value(Prometheus.scrape(base), "herald_outbox_pending");
        }
        return seen;
    }
}
