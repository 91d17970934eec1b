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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading is closed with 4508 when its queue passes the bound; the others get everything. */
@ExtendWith(ArquillianExtension.class)
class SlowConsumerIT {

    static final int MAX_FRAMES = 200;
    static final int EVENTS = 1500;
    /** The normal client is let catch up after each batch, so only the stalled one can pass the bound. */
    static final int BATCH = 50;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.outbox.max-frames", String.valueOf(MAX_FRAMES),
                "herald.outbox.max-bytes", String.valueOf(64 << 20)));
    }

    @Test
    void stalledClientIsClosedWith4508AndNormalClientGetsEveryEvent() throws Exception {
        String tenant = "slow-" + UUID.randomUUID();
        String pad = "x".repeat(16_000); // 24 MB in all: more than the socket buffers of a stalled peer hold
        try (WsClient normal = WsClient.connect(base, Tokens.user(tenant, "fast"));
             RawWebSocket stalled = RawWebSocket.connect(base, Tokens.user(tenant, "stalled"), 4096)) {
            for (int n = 0; n < EVENTS; n++) {
                Api.publish(base, tenant, "{\"type\":\"big\",\"data\":{\"n\":" + n + ",\"pad\":\"" + pad + "\"}}");
                if (n % BATCH == BATCH - 1) {
                    for (int m = n - BATCH + 1; m <= n; m++) {
                        assertEquals(m, normal.nextEvent().getJsonObject("data").getInt("n"));
                    }
                }
            }
            JsonObject stats = Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body()
                    .getJsonObject("tenants").getJsonObject(tenant);
            assertEquals(1, stats.getInt("slow_consumers"), stats.toString());
            assertEquals(1, stats.getJsonObject("connections").getInt("active"), "the stalled session is gone: " + stats);
            assertTrue(stats.getInt("queue_peak") <= MAX_FRAMES, "no queue ever held more than the bound: " + stats);
            assertTrue(stats.getInt("dropped") > 0, stats.toString());

            // once it reads again, the stalled client finds the close frame behind what was already in flight
            RawWebSocket.Closed closed = stalled.readUntilClose(Duration.ofSeconds(30));
            assertEquals(4508, closed.code(), closed.toString());
        }
    }
}
