package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, seen from outside: what a client reads right after its socket opens, with the default configuration.
 * A client counts as connected when its socket opens (the 101), not when {@code welcome} arrives: that is what a
 * plain WebSocket client sees, and every event published after it must reach the session.
 */
@ExtendWith(ArquillianExtension.class)
class FirstEventsIT {

    static final int SESSIONS = 50;
    static final int EVENTS_EACH = 5;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

    @Test
    void eventsPublishedRightAfterTheSocketOpensAreNeverLost() {
        List<WsClient> clients = new ArrayList<>();
        List<List<String>> published = new ArrayList<>();
        try {
            for (int s = 0; s < SESSIONS; s++) {
                String tenant = "first-" + UUID.randomUUID();
                WsClient c = WsClient.open(WsClient.uri(base, WsClient.param("access_token", Tokens.user(tenant, "u"))), null, null);
                clients.add(c);
                List<String> ids = new ArrayList<>();
                for (int n = 0; n < EVENTS_EACH; n++) { // at once: no wait for welcome
                    ids.add(Api.publish(base, tenant, "{\"type\":\"first\",\"data\":{\"n\":" + n + "}}").getString("id"));
                }
                published.add(ids);
            }
            int lost = 0;
            StringBuilder which = new StringBuilder();
            for (int s = 0; s < SESSIONS; s++) {
                WsClient c = clients.get(s);
                assertEquals("welcome", c.next().getString("type"), "welcome is the first frame");
                List<String> got = new ArrayList<>();
                for (int n = 0; n < EVENTS_EACH; n++) {
                    got.add(c.nextEventOrNull());
                }
                if (!got.equals(published.get(s))) {
                    lost++;
                    which.append("\n session ").append(s).append(": published ").append(published.get(s)).append(", got ").append(got);
                }
            }
            assertEquals(0, lost, lost + " of " + SESSIONS + " sessions missed events:" + which);
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aReadingClientConnectedJustBeforeABurstLargerThanItsOutboxBoundGetsAllOfIt() throws Exception {
        String tenant = "burst-" + UUID.randomUUID();
        int events = 500;
        String pad = "x".repeat(32 * 1024); // 16 MB in all: sixteen times the outbox bound of 1 MiB the defect was seen with
        try (WsClient reader = WsClient.connect(base, Tokens.user(tenant, "reader"))) {
            AtomicBoolean failed = new AtomicBoolean();
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int from = p;
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int n = from; n < events && !failed.get(); n += 4) {
                        Api.publish(base, tenant, "{\"type\":\"big\",\"data\":{\"n\":" + n + ",\"pad\":\"" + pad + "\"}}");
                    }
                }));
            }
            Set<Integer> got = new HashSet<>();
            try {
                while (got.size() < events) {
                    JsonObject f = reader.next();
                    assertTrue(f.containsKey("id"), "only events expected, got " + f);
                    got.add(f.getJsonObject("data").getInt("n"));
                }
            } finally {
                failed.set(got.size() < events);
            }
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).join();
            assertFalse(reader.isClosed(), "the reading client is still connected");
            assertEquals(events, got.size());
        }
    }
}
