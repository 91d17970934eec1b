package io.herald.smoke;

import io.herald.it.Api;
import io.herald.it.Tokens;
import io.herald.it.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 6, acceptance 4: SIGTERM to a running Payara Micro (started as an operator starts it, see
 * {@link StockPayaraSmokeIT}) → every connected client first gets what was published before, then {@code drain},
 * then a 1001 close, before the process exits.
 */
class ShutdownDrainIT {

    @Test
    void sigtermSendsDrainAndClose1001BeforeTheProcessExits() throws Exception {
        StockPayaraSmokeIT payara = new StockPayaraSmokeIT();
        payara.makeCertificate();
        Process server = payara.start();
        try {
            URL base = payara.base();
            awaitServing(server, base);
            String tenant = "drain-" + UUID.randomUUID();
            try (WsClient a = WsClient.connect(base, Tokens.user(tenant, "a"));
                 WsClient b = WsClient.connect(base, Tokens.user(tenant, "b"))) {
                String id = Api.publish(base, tenant, "{\"type\":\"before.shutdown\"}").getString("id");

                server.toHandle().destroy(); // SIGTERM to the JVM, as an orchestrator sends it

                for (WsClient c : new WsClient[]{a, b}) {
                    assertEquals(id, c.nextEvent().getString("id"), "what was accepted before the drain is delivered");
                    JsonObject drain = c.expectType("drain");
                    assertTrue(drain.getInt("retry_after_ms") > 0, drain.toString());
                    assertEquals(1001, c.awaitClose(Duration.ofSeconds(30)));
                }
            }
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server exits after draining");
        } finally {
            StockServerSmoke.stop(server);
        }
    }

    private static void awaitServing(Process server, URL base) throws InterruptedException {
        Instant deadline = Instant.now().plus(StockServerSmoke.BOOT);
        while (StockServerSmoke.status(URI.create(base.toExternalForm()), Map.of()) != 200) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                fail("herald.war did not come up at " + base);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }
}
