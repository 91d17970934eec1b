package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's own bound: once more deliveries wait than {@code herald.backlog.max-deliveries}, a publish is answered
 * 503 with {@code Retry-After} and the contract's error body (never 202 and then lost); a socket whose send stays
 * in flight past {@code herald.outbox.send-timeout} is closed 4508, and publishing is accepted again.
 */
@ExtendWith(ArquillianExtension.class)
class BackpressureIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.backlog.max-deliveries", "40", "herald.outbox.send-timeout", "PT3S"));
    }

    @Test
    void pastTheNodesBacklogPublishersGet503UntilTheStalledSocketIsEvicted() throws Exception {
        String tenant = "backlog-" + UUID.randomUUID();
        String pad = "x".repeat(16_000);
        try (RawWebSocket stalled = RawWebSocket.connect(base, Tokens.user(tenant, "stalled"), 4096)) {
            Api.Answer refused = null;
            int accepted = 0;
            for (int n = 0; n < 2_000 && refused == null; n++) {
                Api.Answer a = Api.tryPublish(base, tenant, "{\"type\":\"big\",\"data\":{\"pad\":\"" + pad + "\"}}");
                if (a.status() == 202) {
                    accepted++;
                } else {
                    refused = a;
                }
            }
            assertNotNull(refused, "a publish was refused once the stalled socket's queue passed the node's bound");
            assertEquals(503, refused.status(), refused.toString());
            assertEquals("unavailable", refused.body().getString("error"));
            assertTrue(refused.body().getString("message").contains("herald.backlog.max-deliveries"), refused.toString());
            assertNotNull(refused.retryAfter(), "Retry-After is set");
            assertTrue(accepted >= 40, "accepted " + accepted + " before the bound");
            assertTrue(Api.tryPublish(base, tenant, "{\"type\":\"x\"}").status() == 503, "still refused while nothing drains");

            // the stalled socket is not read meanwhile: reading it would let its send in flight complete
            JsonObject stats = awaitSlowConsumers(tenant, Duration.ofSeconds(30));
            assertEquals(1, stats.getInt("slow_consumers"), "a send in flight past the send timeout is a slow consumer: " + stats);
            JsonObject again = Api.publish(base, tenant, "{\"type\":\"after\"}");
            assertEquals(0, again.getInt("recipients"), "accepted again once the stalled session is gone");
            RawWebSocket.Closed closed = stalled.readUntilClose(Duration.ofSeconds(30));
            assertEquals(4508, closed.code(), "closed as a slow consumer once what was in flight went out: " + closed);
        }
    }

    /** Polls the tenant's stats until a slow consumer is counted, for at most {@code bound}; returns the last stats. */
    private JsonObject awaitSlowConsumers(String tenant, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        JsonObject stats;
        do {
            stats = Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body().getJsonObject("tenants").getJsonObject(tenant);
            if (stats.getInt("slow_consumers") > 0) {
                return stats;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return stats;
    }
}
