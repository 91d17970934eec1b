package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code herald.allowed-origins}: a browser's upgrade from a listed origin is accepted, from any other refused with
 * 403 and the contract's JSON body before its credential is looked at; an upgrade with no {@code Origin} (a native
 * client) is accepted. CORS on the HTTP transports (issue 25: herald.js on a page of another origin falls back to SSE
 * and polling as it opens a socket): a preflight of a poll and of an action from a listed origin is answered 204 with
 * the methods and headers they use, and the answers of an SSE stream, a poll and an action name that origin, which is
 * what a browser checks before it lets the page read them; another origin's preflight gets 403 with the contract's
 * JSON error and no CORS header, and its stream is refused 403; the admin API under {@code /api/v1/sessions} gets no
 * CORS header at all.
 */
@ExtendWith(ArquillianExtension.class)
class OriginIT {

    static final String APP = "https://app.example";
    static final String EVIL = "https://evil.example";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.allowed-origins", APP + ", http://localhost:8080/"));
    }

    @Test
    void aListedOriginOrNoneIsAcceptedAnyOtherGets403() throws Exception {
        String token = "access_token=" + Tokens.user("origins", "u");
        assertTrue(RawWebSocket.upgradeStatus(base, token, "Origin: https://app.example\r\n").contains(" 101"));
        assertTrue(RawWebSocket.upgradeStatus(base, token, "Origin: HTTP://LOCALHOST:8080\r\n").contains(" 101"),
                "compared case-insensitively, without the trailing slash");
        assertTrue(RawWebSocket.upgradeStatus(base, token, "").contains(" 101"), "no Origin: not a browser");

        String refused = RawWebSocket.upgradeAnswer(base, token, "Origin: https://evil.example\r\n");
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        assertTrue(refused.contains("\"error\":\"forbidden\"") && refused.contains("https://evil.example"), refused);
        String refusedWithoutCredential = RawWebSocket.upgradeAnswer(base, "", "Origin: null\r\n");
        assertTrue(refusedWithoutCredential.startsWith("HTTP/1.1 403"), "origin first: " + refusedWithoutCredential);
    }

    @Test
    void anAllowedOriginMayUseSsePollAndActionsAndAnotherIsRefused() throws Exception {
        String tenant = "cors-" + UUID.randomUUID();
        String token = Tokens.user(tenant, "alice");

        HttpResponse<String> preflight = send("OPTIONS", "api/v1/poll", null, "Origin", APP,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(APP, header(preflight, "Access-Control-Allow-Origin"));
        assertTrue(header(preflight, "Access-Control-Allow-Headers").contains("Authorization"), preflight.headers().toString());
        assertTrue(header(preflight, "Access-Control-Allow-Methods").contains("GET"), preflight.headers().toString());
        assertTrue(header(preflight, "Vary").contains("Origin"));

        HttpResponse<String> poll = send("GET", "api/v1/poll", null, "Origin", APP, "Authorization", "Bearer " + token);
        assertEquals(200, poll.statusCode(), poll.body());
        assertEquals(APP, header(poll, "Access-Control-Allow-Origin"), "a browser lets the page read the poll's answer");
        String session = json(poll.body()).getString("session");

        String actions = "api/v1/sessions/" + session + "/actions";
        HttpResponse<String> actionPreflight = send("OPTIONS", actions, null, "Origin", APP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
        assertEquals(204, actionPreflight.statusCode());
        assertTrue(header(actionPreflight, "Access-Control-Allow-Methods").contains("POST"));
        HttpResponse<String> action = send("POST", actions, "{\"action\":\"ping\",\"ref\":\"p1\"}", "Origin", APP,
                "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertTrue(action.statusCode() / 100 == 2, action.statusCode() + " " + action.body());
        assertEquals(APP, header(action, "Access-Control-Allow-Origin"));

        HttpResponse<InputStream> sse = HTTP.send(request("GET", "sse?access_token=" + token, null, "Origin", APP).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = sse.body()) {
            assertEquals(200, sse.statusCode());
            assertEquals(APP, sse.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "the stream names the page's origin");
        }

        HttpResponse<String> refused = send("OPTIONS", "api/v1/poll", null, "Origin", EVIL,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(403, refused.statusCode());
        assertEquals("forbidden", json(refused.body()).getString("error"));
        assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent(), refused.headers().toString());
        HttpResponse<String> evilStream = send("GET", "sse?access_token=" + token, null, "Origin", EVIL);
        assertEquals(403, evilStream.statusCode(), evilStream.body());
        assertFalse(evilStream.headers().firstValue("Access-Control-Allow-Origin").isPresent());

        HttpResponse<String> admin = send("GET", "api/v1/sessions?user=alice", null, "Origin", APP,
                "Authorization", "Bearer " + Tokens.publisher(tenant));
        assertEquals(200, admin.statusCode(), admin.body());
        assertFalse(admin.headers().firstValue("Access-Control-Allow-Origin").isPresent(), "the admin API is not a transport");
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return HTTP.send(request(method, path, body, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String body, String... headers) {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static jakarta.json.JsonObject json(String body) {
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader(body))) {
            return r.readObject();
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }
}
