package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound lifecycle webhooks (issue 24, acceptance 5), received by a real HTTP server this test starts on 127.0.0.1:
 * a join, a leave and a disconnect (with its close code) arrive at the tenant's URL and the global one, each signed
 * with that URL's secret (recomputed here; another secret does not verify); another tenant's changes never reach a
 * tenant's URL; a receiver answering 503, one that is down and one answering 400 are retried (or not) as configured,
 * then dropped and counted in the Prometheus text, while a socket of the same tenant receives its events at once.
 */
@ExtendWith(ArquillianExtension.class)
class WebhookIT {

    static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    static final String GLOBAL_SECRET = "global-" + UUID.randomUUID();
    static final String A = "hooks-a-" + UUID.randomUUID();
    static final String A_SECRET = "a-" + UUID.randomUUID();
    static final String B = "hooks-b-" + UUID.randomUUID(); // no URL of its own
    static final String FAILING = "hooks-503-" + UUID.randomUUID();
    static final String FAILING_SECRET = "503-" + UUID.randomUUID();
    static final String DOWN = "hooks-down-" + UUID.randomUUID();
    static final String REJECTING = "hooks-400-" + UUID.randomUUID();
    static final int ATTEMPTS = 3;
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Publish to receipt on a socket while a webhook attempt is held: far below any retry or timeout of the hooks. */
    static final Duration PROMPT = Duration.ofSeconds(2);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        RECEIVER.answer("/503", 503);
        RECEIVER.holdFirst("/503");
        RECEIVER.answer("/400", 400);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("herald.presence.rooms", "conv-*");
        config.put("herald.presence.grace", "PT1S");
        config.put("herald.webhooks.url", RECEIVER.url("/global"));
        config.put("herald.webhooks.secret", GLOBAL_SECRET);
        tenant(config, A, RECEIVER.url("/a"), A_SECRET, null);
        tenant(config, FAILING, RECEIVER.url("/503"), FAILING_SECRET, "member.joined");
        tenant(config, DOWN, "http://127.0.0.1:" + closedPort() + "/hooks", "down-secret", "member.joined");
        tenant(config, REJECTING, RECEIVER.url("/400"), "400-secret", "member.joined");
        config.put("herald.webhooks.max-attempts", String.valueOf(ATTEMPTS));
        config.put("herald.webhooks.backoff", "PT0.3S");
        config.put("herald.webhooks.max-backoff", "PT1S");
        return HeraldDeployment.war(config);
    }

    private static void tenant(Map<String, String> config, String tenant, String url, String secret, String events) {
        config.put("herald.webhooks.tenant." + tenant + ".url", url);
        config.put("herald.webhooks.tenant." + tenant + ".secret", secret);
        if (events != null) {
            config.put("herald.webhooks.tenant." + tenant + ".events", events);
        }
    }

    /** @return a loopback port nothing listens on (bound, then closed): a receiver that is down */
    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aJoinALeaveAndADisconnectArriveSignedAtTheTenantsUrlAndTheGlobalOne() throws Exception {
        String session;
        try (WsClient alice = WsClient.connect(base, Tokens.user(A, "alice"))) {
            session = alice.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data").getString("session");
            alice.request("j", "{\"action\":\"join\",\"room\":\"conv-1\",\"ref\":\"j\"}");
            alice.request("l", "{\"action\":\"leave\",\"room\":\"conv-1\",\"ref\":\"l\"}");
            assertEquals(1, Api.delete(base, "api/v1/sessions?user=alice", Tokens.publisher(A)).body().getInt("closed"));
            assertEquals(4401, alice.awaitClose(WsClient.WAIT));
        }
        Set<String> all = Set.of("session.opened", "user.online", "member.joined", "member.left", "session.closed", "user.offline");
        Map<String, WebhookReceiver.Received> atA = byEvent(RECEIVER.await("/a", r -> byEvent(r, "alice").keySet().containsAll(all), WAIT), "alice");
        Map<String, WebhookReceiver.Received> atGlobal = byEvent(RECEIVER.await("/global", r -> byEvent(r, "alice").keySet().containsAll(all), WAIT), "alice");
        assertEquals(all, atA.keySet(), "every change, once (the default of herald.webhooks.events)");

        for (String event : all) {
            WebhookReceiver.Received r = atA.get(event);
            JsonObject body = r.json();
            assertTrue(r.signedWith(A_SECRET), "signed with the tenant's secret: " + event);
            assertFalse(r.signedWith(GLOBAL_SECRET), "not with the global one");
            assertFalse(r.signedWith(A_SECRET + "x"), "a wrong secret does not verify");
            assertFalse(WebhookReceiver.verifies(A_SECRET, (new String(r.body()) + " ").getBytes(), r.signature()), "nor other bytes");
            assertEquals(event, body.getString("event"));
            assertEquals(event, r.event(), "X-Herald-Event");
            assertEquals(body.getString("id"), r.delivery(), "X-Herald-Delivery is the body's id");
            assertTrue(r.contentType().startsWith("application/json"), r.contentType());
            assertEquals(A, body.getString("tenant"));
            assertEquals("alice", body.getString("user"));
            assertTrue(Duration.between(Instant.parse(body.getString("timestamp")), Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0, body.toString());

            WebhookReceiver.Received g = atGlobal.get(event);
            assertTrue(g.signedWith(GLOBAL_SECRET) && !g.signedWith(A_SECRET), "the global URL's own secret: " + event);
            assertArrayEquals(r.body(), g.body(), "the same body (the same id) to both receivers");
        }
        assertEquals(all.size(), atA.values().stream().map(r -> r.json().getString("id")).distinct().count(), "one id per change");
        assertEquals("conv-1", atA.get("member.joined").json().getString("room"));
        assertEquals("conv-1", atA.get("member.left").json().getString("room"));
        JsonObject closed = atA.get("session.closed").json();
        assertEquals(4401, closed.getInt("code"), closed.toString());
        assertEquals("credential revoked", closed.getString("reason"));
        assertEquals(session, closed.getString("session"));
        assertEquals(session, atA.get("session.opened").json().getString("session"));
        assertFalse(atA.get("session.opened").json().containsKey("code"), "no code where none applies");
        assertFalse(atA.get("user.online").json().containsKey("room"), "no room where none applies");
    }

    @Test
    void anotherTenantsChangesReachTheGlobalUrlButNeverATenantsOwn() throws Exception {
        try (WsClient bob = WsClient.connect(base, Tokens.user(B, "bob"), WsClient.param("rooms", "conv-2"))) {
            RECEIVER.await("/global", r -> byEvent(r, "bob").containsKey("member.joined"), WAIT);
        }
        RECEIVER.await("/global", r -> byEvent(r, "bob").containsKey("session.closed"), WAIT);
        // a later change of tenant A has reached A's URL: had bob's been routed there, they would have been queued first
        try (WsClient marker = WsClient.connect(base, Tokens.user(A, "marker"))) {
            RECEIVER.await("/a", r -> byEvent(r, "marker").containsKey("session.opened"), WAIT);
        }
        List<String> tenantsAtA = RECEIVER.at("/a").stream().map(r -> r.json().getString("tenant")).distinct().toList();
        assertEquals(List.of(A), tenantsAtA, "only tenant A's changes at A's URL");
        assertTrue(RECEIVER.at("/global").stream().allMatch(r -> r.signedWith(GLOBAL_SECRET)));
    }

    @Test
    void aReceiverAnswering503IsRetriedThenDroppedAndCountedWhileTheTenantsSocketsReceiveAtOnce() throws Exception {
        try (ServerLog log = ServerLog.watchFor(Pattern.compile("webhook dropped"));
             WsClient bystander = WsClient.connect(base, Tokens.user(FAILING, "bystander"));
             WsClient joiner = WsClient.connect(base, Tokens.user(FAILING, "joiner"))) {
            joiner.request("j", "{\"action\":\"join\",\"room\":\"conv-3\",\"ref\":\"j\"}");
            RECEIVER.await("/503", r -> r.size() == 1, WAIT); // the first attempt: held by the receiver, unanswered

            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                String id = Api.publish(base, FAILING, "{\"type\":\"during.retry\"}").getString("id");
                assertEquals(id, bystander.nextEvent().getString("id"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(PROMPT) < 0, "publish to socket while a webhook hangs: " + took);
            }
            assertEquals(1, RECEIVER.at("/503").size(), "the webhook was still held meanwhile");
            RECEIVER.release("/503");

            List<WebhookReceiver.Received> attempts = RECEIVER.await("/503", r -> r.size() == ATTEMPTS, WAIT);
            for (WebhookReceiver.Received r : attempts) {
                assertTrue(r.signedWith(FAILING_SECRET), "each attempt signed");
                assertArrayEquals(attempts.get(0).body(), r.body(), "each attempt the same bytes");
                assertEquals("member.joined", r.json().getString("event"));
            }
            assertMetrics(FAILING, Map.of("failed", 1.0, "rejected", 0.0, "queue_full", 0.0, "stopped", 0.0), ATTEMPTS - 1);
            assertEquals(ATTEMPTS, RECEIVER.at("/503").size(), "no attempt after the last");

            List<String> lines = log.lines();
            assertTrue(lines.stream().anyMatch(l -> l.contains("webhook dropped (failed): tenant " + FAILING + ", member.joined")
                    && l.contains("HTTP 503")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains(FAILING_SECRET) || l.contains("\"event\"")), "never the secret nor the body");
        }
    }

    @Test
    void aReceiverThatIsDownIsRetriedAndOneAnswering400IsNotBothDroppedAndCounted() throws Exception {
        try (WsClient down = WsClient.connect(base, Tokens.user(DOWN, "carol"), WsClient.param("rooms", "conv-4"));
             WsClient rejected = WsClient.connect(base, Tokens.user(REJECTING, "dave"), WsClient.param("rooms", "conv-5"))) {
            assertMetrics(DOWN, Map.of("failed", 1.0, "rejected", 0.0), ATTEMPTS - 1);
            assertMetrics(REJECTING, Map.of("rejected", 1.0, "failed", 0.0), 0);
            assertEquals(1, RECEIVER.at("/400").size(), "a 400 is not retried");
            // the global URL got all three changes of each while its own URL failed: drops are per receiver
            RECEIVER.await("/global", r -> byEvent(r, "carol").size() == 3 && byEvent(r, "dave").size() == 3, WAIT);
            assertCounted("herald_webhooks_delivered_total{tenant=\"" + DOWN + "\"}", 3.0);
        }
    }

    /** Polls the Prometheus text until the tenant's webhook figures are exactly these (they move as attempts end). */
    private void assertMetrics(String tenant, Map<String, Double> dropped, int retries) throws Exception {
        Map<String, Double> expected = new HashMap<>();
        dropped.forEach((reason, n) -> expected.put("herald_webhooks_dropped_total{tenant=\"" + tenant + "\",reason=\"" + reason + "\"}", n));
        expected.put("herald_webhooks_retries_total{tenant=\"" + tenant + "\"}", (double) retries);
        assertCounted(expected);
    }

    private void assertCounted(String series, double value) throws Exception {
        assertCounted(Map.of(series, value));
    }

    private void assertCounted(Map<String, Double> expected) throws Exception {
        Map<String, Double> seen = Map.of();
        String text = "";
        for (long deadline = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < deadline; ) {
            String t = Prometheus.scrape(base);
            text = t;
            seen = expected.keySet().stream().collect(Collectors.toMap(s -> s, s -> Prometheus.value(t, s)));
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, seen, text);
    }

    /** @return the deliveries of {@code user}'s changes by event name; fails on a change delivered twice */
    private static Map<String, WebhookReceiver.Received> byEvent(List<WebhookReceiver.Received> received, String user) {
        Map<String, WebhookReceiver.Received> by = new HashMap<>();
        for (WebhookReceiver.Received r : received) {
            JsonObject b = r.json();
            if (user.equals(b.getString("user"))) {
                WebhookReceiver.Received before = by.put(b.getString("event"), r);
                assertTrue(before == null, "delivered twice: " + b);
            }
        }
        return by;
    }
}
