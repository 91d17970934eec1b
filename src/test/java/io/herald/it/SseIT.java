package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions over server-sent events ({@code GET /sse}) and their actions over HTTP, with the JDK's HTTP client reading
 * the stream line by line: the socket's envelope and ids, filters, resume with {@code Last-Event-ID} and {@code since},
 * actions answered in their HTTP responses, refusals before the stream, revocation and a stalled reader closed with
 * the contract's codes while bystanders keep receiving, and the metrics of these sessions.
 */
@ExtendWith(ArquillianExtension.class)
class SseIT {

    static final int MAX_FRAMES = 200;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.outbox.max-frames", String.valueOf(MAX_FRAMES),
                        "herald.outbox.max-bytes", String.valueOf(64 << 20)),
                CallProbe.class, CallProbe.Methods.class, CallProbe.Echo.class, CallProbe.Seen.class, CallProbe.Flake.class);
    }

    @Test
    void anEventArrivesOnSseWithTheSocketsEnvelopeAndIdAndRoomsAndTypesFilterIt() {
        String tenant = "sse-" + UUID.randomUUID();
        try (WsClient ws = WsClient.connect(base, Tokens.user(tenant, "w"), "rooms=r1", "types=a.*");
             SseClient sse = SseClient.open(base, "rooms=r1&types=a.*&" + WsClient.param("access_token", Tokens.user(tenant, "s")))) {
            JsonObject welcome = sse.expectType("welcome").data();
            assertEquals("sse", welcome.getString("transport"), welcome.toString());
            assertEquals("s", welcome.getString("user"));
            Api.publish(base, tenant, "{\"type\":\"b.x\",\"room\":\"r1\"}");   // not a subscribed type
            Api.publish(base, tenant, "{\"type\":\"a.y\",\"room\":\"r2\"}");   // not a joined room
            String id = Api.publish(base, tenant, "{\"type\":\"a.x\",\"room\":\"r1\",\"data\":{\"n\":1}}").getString("id");
            SseClient.Message m = sse.nextEvent();
            assertEquals(ws.nextEvent(), m.data(), "the same envelope as on the socket");
            assertEquals(id, m.id(), "the SSE id is the event's");
            assertEquals(id, m.data().getString("id"));
            long published = System.nanoTime();
            Api.publish(base, tenant, "{\"type\":\"a.z\"}");
            assertEquals("a.z", sse.nextEvent().type());
            long tookMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            assertTrue(tookMs < 3_000, "each send is flushed, not held in a buffer until it fills: " + tookMs + " ms");
            assertEquals("a.z", ws.nextEvent().getString("type"));
        }
    }

    @Test
    void lastEventIdAndSinceResumeWithNoGapNoDuplicateAndAResetWhenTooOld() {
        String tenant = "sse-resume-" + UUID.randomUUID();
        String token = Tokens.user(tenant, "u");
        String id1;
        try (SseClient first = SseClient.connect(base, token)) {
            Api.publish(base, tenant, "{\"type\":\"e1\"}");
            id1 = first.nextEvent().id();
        }
        String id2 = Api.publish(base, tenant, "{\"type\":\"e2\"}").getString("id");
        String id3 = Api.publish(base, tenant, "{\"type\":\"e3\"}").getString("id");
        // Last-Event-ID (what a reconnecting EventSource sends) wins over since
        try (SseClient back = SseClient.open(base, "since=" + id3 + "&" + WsClient.param("access_token", token), "Last-Event-ID", id1)) {
            back.expectType("welcome");
            assertEquals(id2, back.nextEvent().id());
            assertEquals(id3, back.nextEvent().id());
            String id4 = Api.publish(base, tenant, "{\"type\":\"e4\"}").getString("id");
            assertEquals(id4, back.nextEvent().id(), "then live, no gap");
            assertNull(back.poll(Duration.ofMillis(500)), "and no duplicate");
        }
        try (SseClient since = SseClient.connect(base, token, "since=" + id3)) {
            assertEquals("e4", since.nextEvent().type(), "since alone resumes too");
        }
        try (SseClient old = SseClient.open(base, WsClient.param("access_token", token), "Last-Event-ID", "1-1")) {
            old.expectType("welcome");
            assertEquals("reset", old.next().type(), "events of another epoch are not kept");
        }
    }

    @Test
    void actionsOverHttpAreAnsweredInTheirResponseForTheSessionsOwnCallerOnly() {
        String tenant = "sse-act-" + UUID.randomUUID();
        String token = Tokens.user(tenant, "s");
        try (WsClient member = WsClient.connect(base, Tokens.user(tenant, "w"), "rooms=r1");
             SseClient sse = SseClient.open(base, WsClient.param("access_token", token))) {
            String session = sse.expectType("welcome").data().getString("session");
            String actions = "api/v1/sessions/" + session + "/actions";

            Api.Answer join = Api.post(base, actions, token, "{\"action\":\"join\",\"room\":\"r1\",\"ref\":\"j\"}");
            assertEquals(200, join.status(), join.toString());
            assertEquals("reply", join.body().getString("type"));
            assertEquals("j", join.body().getString("ref"));
            assertEquals("r1", join.body().getJsonObject("data").getString("room"));

            Api.Answer emit = Api.post(base, actions, token, "{\"action\":\"emit\",\"room\":\"r1\",\"type\":\"typing\",\"data\":{\"on\":true},\"ref\":\"e\"}");
            assertEquals(200, emit.status(), emit.toString());
            assertEquals(1, emit.body().getJsonObject("data").getInt("recipients"));
            JsonObject typing = member.next();
            assertEquals("typing", typing.getString("type"), typing.toString());
            assertEquals("s", typing.getString("user"));

            Api.Answer call = Api.post(base, actions, token, "{\"action\":\"call\",\"method\":\"probe.whoami\",\"data\":{\"text\":\"hi\"},\"ref\":\"c\"}");
            assertEquals(200, call.status(), call.toString());
            assertEquals(Json.createObjectBuilder().add("tenant", tenant).add("user", "s").add("text", "hi").build(),
                    call.body().getJsonObject("data"));
            Api.Answer refused = Api.post(base, actions, token, "{\"action\":\"call\",\"method\":\"probe.refuse\",\"ref\":\"r\"}");
            assertEquals(422, refused.status(), refused.toString());
            assertEquals("out_of_stock", refused.body().getString("code"));
            assertEquals("out_of_stock", refused.body().getString("error"));

            Api.Answer info = Api.post(base, actions, token, "{\"action\":\"info\",\"ref\":\"i\"}");
            assertEquals(session, info.body().getJsonObject("data").getString("session"), info.toString());
            assertEquals("pong", Api.post(base, actions, token, "{\"action\":\"ping\",\"ref\":\"p\"}").body().getString("type"));
            Api.Answer badJson = Api.post(base, actions, token, "{nope");
            assertEquals(400, badJson.status());
            assertEquals("bad_json", badJson.body().getString("error"), badJson.toString());
            assertEquals("error", badJson.body().getString("type"));
            Api.Answer notIn = Api.post(base, actions, token, "{\"action\":\"leave\",\"room\":\"r9\",\"ref\":\"l\"}");
            assertEquals(404, notIn.status());
            assertEquals("not_found", notIn.body().getString("code"));

            // resume: the reply in the response, the replayed events on the stream
            String e1 = Api.publish(base, tenant, "{\"type\":\"e1\",\"room\":\"r1\"}").getString("id");
            assertEquals(e1, sse.nextEvent().id());
            Api.Answer resume = Api.post(base, actions, token, "{\"action\":\"resume\",\"since\":\"" + EventIds.epoch(e1) + "-0\",\"ref\":\"m\"}");
            assertEquals(200, resume.status(), resume.toString());
            assertEquals(false, resume.body().getJsonObject("data").getBoolean("reset"));
            assertNull(sse.poll(Duration.ofMillis(300)), "e1 was handed to the stream already: not sent again");

            assertEquals(404, Api.post(base, actions, Tokens.user(tenant, "w"), "{\"action\":\"info\"}").status(), "another user's");
            assertEquals(404, Api.post(base, actions, Tokens.user("other-" + UUID.randomUUID(), "s"), "{\"action\":\"info\"}").status(),
                    "the same user name in another tenant");
            assertEquals(404, Api.post(base, "api/v1/sessions/nope/actions", token, "{\"action\":\"info\"}").status());
            assertEquals(401, Api.post(base, actions, Tokens.expired(tenant, "s"), "{\"action\":\"info\"}").status());
        }
    }

    @Test
    void aBadCredentialIsRefusedWith401BeforeTheStream() {
        SseClient.Refused none = assertThrows(SseClient.Refused.class, () -> SseClient.open(base, null));
        assertEquals(401, none.status);
        assertTrue(none.body.contains("\"unauthorized\""), none.body);
        assertTrue(none.contentType.startsWith("application/json"), none.contentType);
        SseClient.Refused expired = assertThrows(SseClient.Refused.class,
                () -> SseClient.open(base, WsClient.param("access_token", Tokens.expired("t", "u"))));
        assertEquals(401, expired.status);
        SseClient.Refused forged = assertThrows(SseClient.Refused.class,
                () -> SseClient.open(base, null, "Authorization", "Bearer " + Tokens.signedByForeignKey("t", "u")));
        assertEquals(401, forged.status);
    }

    @Test
    void revocationClosesTheStreamWith4401AndTheMetricsCountItLikeASocket() throws Exception {
        String tenant = "sse-revoke-" + UUID.randomUUID();
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "v"));
             SseClient sse = SseClient.connect(base, Tokens.user(tenant, "u"))) {
            for (int n = 0; n < 3; n++) {
                Api.publish(base, tenant, "{\"type\":\"m\",\"data\":" + n + "}");
                assertEquals(n, sse.nextEvent().data().getInt("data"));
                assertEquals(n, bystander.nextEvent().getInt("data"));
            }
            Api.Answer revoked = Api.delete(base, "api/v1/sessions?user=u", Tokens.publisher(tenant));
            assertEquals(1, revoked.body().getInt("closed"), revoked.toString());
            JsonObject close = sse.awaitClose(SseClient.WAIT);
            assertEquals(4401, close.getInt("code"), close.toString());
            assertEquals("credential revoked", close.getString("reason"));
            assertEquals("reply", bystander.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getString("type"));

            String text = Prometheus.scrape(base);
            String t = "tenant=\"" + tenant + "\"";
            assertEquals(2.0, Prometheus.value(text, "herald_connections_opened_total{" + t + "}"), "both sessions opened");
            assertEquals(1.0, Prometheus.value(text, "herald_connections_closed_total{" + t + ",code=\"4401\"}"));
            assertEquals(6.0, Prometheus.value(text, "herald_events_delivered_total{" + t + "}"), "3 events to each");
            assertEquals(1.0, Prometheus.value(text, "herald_connections{" + t + "}"), "the bystander is left");
        }
    }

    @Test
    void aStalledSseReaderIsClosedWith4508WhileBystandersOnSseAndSocketKeepReceiving() throws Exception {
        String tenant = "sse-slow-" + UUID.randomUUID();
        String pad = "x".repeat(16_000);
        try (WsClient ws = WsClient.connect(base, Tokens.user(tenant, "ws"));
             SseClient sse = SseClient.connect(base, Tokens.user(tenant, "sse"));
             Socket stalled = stalledReader(Tokens.user(tenant, "stalled"))) {
            for (int n = 0; n < 1500; n++) {
                Api.publish(base, tenant, "{\"type\":\"big\",\"data\":{\"n\":" + n + ",\"pad\":\"" + pad + "\"}}");
                if (n % 50 == 49) {
                    for (int m = n - 49; m <= n; m++) {
                        assertEquals(m, ws.nextEvent().getJsonObject("data").getInt("n"));
                        assertEquals(m, sse.nextEvent().data().getJsonObject("data").getInt("n"));
                    }
                }
            }
            JsonObject stats = Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body()
                    .getJsonObject("tenants").getJsonObject(tenant);
            assertEquals(1, stats.getInt("slow_consumers"), stats.toString());
            assertEquals(2, stats.getJsonObject("connections").getInt("active"), "the stalled session is gone: " + stats);
            assertTrue(stats.getInt("queue_peak") <= MAX_FRAMES, stats.toString());

            String tail = readToEnd(stalled, Duration.ofSeconds(40));
            assertTrue(tail.contains("data: {\"type\":\"close\",\"code\":4508,\"reason\":\"slow consumer\"}"),
                    "once it reads again, the stalled reader finds the close frame behind what was in flight, then the end: "
                            + tail.substring(Math.max(0, tail.length() - 300)));
        }
    }

    /** Opens {@code GET /sse} on a plain socket with a small receive buffer and never reads. */
    private Socket stalledReader(String token) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
        String path = base.getPath().replaceAll("/?$", "/") + "sse?" + WsClient.param("access_token", token);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** @return the last 64 KB of what the socket reads until the server ends the response (EOF or a closing chunk) */
    private static String readToEnd(Socket s, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        s.setSoTimeout(1000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                break;
            }
            tail.write(buffer, 0, n);
            if (tail.size() > 1 << 20) {
                byte[] keep = tail.toByteArray();
                tail.reset();
                tail.write(keep, keep.length - 65536, 65536);
            }
            if (tail.toString(StandardCharsets.UTF_8).endsWith("\r\n0\r\n\r\n")) {
                break; // the end of a chunked response
            }
        }
        return tail.toString(StandardCharsets.UTF_8);
    }
}
