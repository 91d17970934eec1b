package io.herald.it;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that never answers pings is closed with 4408 after the timeout; one that answers stays. */
@ExtendWith(ArquillianExtension.class)
class HeartbeatIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.heartbeat.interval", "PT1S", "herald.heartbeat.timeout", "PT3S"));
    }

    @Test
    void silentClientIsClosedWith4408AndAnsweringClientStays() throws Exception {
        String tenant = "hb-" + UUID.randomUUID();
        try (WsClient answering = WsClient.connect(base, Tokens.user(tenant, "alive"));
             RawWebSocket silent = RawWebSocket.connect(base, Tokens.user(tenant, "zombie"), 0)) {
            long started = System.nanoTime();
            RawWebSocket.Closed closed = silent.readUntilClose(Duration.ofSeconds(20));
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(4408, closed.code());
            assertTrue(closed.pings() >= 1, "it was pinged first");
            assertTrue(waited >= 2500, "not before the 3 s timeout: " + waited + " ms");

            assertFalse(answering.isClosed(), "the JDK client answers pings and stays");
            assertEquals("pong", answering.request("p", "{\"action\":\"ping\",\"ref\":\"p\"}").getString("type"));
            assertEquals(1, Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body().getJsonObject("tenants")
                    .getJsonObject(tenant).getJsonObject("connections").getInt("active"));
        }
    }

    @Test
    void welcomeAnnouncesTheHeartbeatInterval() {
        try (WsClient c = WsClient.open(WsClient.uri(base, null), Tokens.user("hb", "u"), null)) {
            assertEquals(1000, c.expectType("welcome").getInt("heartbeat_ms"));
        }
    }
}
