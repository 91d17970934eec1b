package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a known amount of traffic, the server's own Prometheus text (Payara: MicroProfile Metrics at
 * {@code /metrics?scope=application}; WildFly: Herald's {@code /metrics}) shows every figure with the exact count,
 * under the same names on both servers. One deployment of its own, so node-wide figures count this test only.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

    static final String DISABLED = "metrics-off-" + UUID.randomUUID();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final boolean WILDFLY = Prometheus.WILDFLY;
    /** Upgrades one address may make at once: the test makes 7, then refused ones until the first 429. */
    static final int UPGRADES = 20;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of(
                        "herald.tenants.disabled", DISABLED,
                        "herald.limits.publishes-per-second", "0.001", "herald.limits.publish-burst", "3",
                        "herald.limits.actions-per-minute", "0.01", "herald.limits.action-burst", "2",
                        "herald.limits.upgrades-per-second", "0.001", "herald.limits.upgrade-burst", String.valueOf(UPGRADES),
                        "herald.allowed-origins", "http://allowed.example"),
                TxProbe.class, TxProbe.ProbeRegistered.class);
    }

    @Test
    void prometheusTextShowsEveryFigureWithTheExactCount() throws Exception {
        String t = "metrics-" + UUID.randomUUID();
        WsClient a = WsClient.connect(base, Tokens.user(t, "u1"));                     // upgrade 1
        WsClient b = WsClient.connect(base, Tokens.user(t, "u2"));                     // upgrade 2
        WsClient c = WsClient.connect(base, Tokens.user(t, "u3"));                     // upgrade 3
        assertEquals(1, Api.delete(base, "api/v1/sessions?user=u3", Tokens.publisher(t)).body().getInt("closed"));
        assertEquals(4401, c.awaitClose(WsClient.WAIT));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, "access_token=not.a.token"), null));  // 4: invalid
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), null));                        // 5: missing
        assertEquals(401, Api.get(base, "api/v1/stats", Tokens.expired(t, "p")).status());                // expired
        assertEquals(401, Api.send(base, "GET", "api/v1/stats", null, "X-API-Key", "hk_nobody_" + "x".repeat(43)).status()); // api_key

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Api.publish(base, t, "{\"type\":\"m.http\"}").getString("id"));
        }
        assertEquals(429, Api.tryPublish(base, t, "{\"type\":\"m.http\"}").status());
        assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + t + "&marker=1", null, "").status());
        assertEquals(200, Api.post(base, "api/v1/test/tx/rollback?tenant=" + t + "&marker=0", null, "").status());
        assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + t + "&marker=2", null, "").status());
        assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + DISABLED + "&marker=3", null, "").status());
        for (int i = 0; i < 5; i++) {
            a.nextEvent();
            b.nextEvent();
        }
        assertEquals("pong", a.request("p1", "{\"action\":\"ping\",\"ref\":\"p1\"}").getString("type"));
        assertEquals("pong", a.request("p2", "{\"action\":\"ping\",\"ref\":\"p2\"}").getString("type"));
        assertEquals("rate_limited", a.request("p3", "{\"action\":\"ping\",\"ref\":\"p3\"}").getString("code"));

        WsClient d = WsClient.connect(base, Tokens.user(t, "u4"), "since=" + ids.get(0));  // upgrade 6: 4 replayed
        for (int i = 0; i < 4; i++) {
            d.nextEvent();
        }
        WsClient e = WsClient.connect(base, Tokens.user(t, "u5"), "since=1-1");          // upgrade 7: a reset
        assertEquals("reset", e.next().getString("type"));
        // the rest of the address's upgrades, refused for their origin (which counts in no figure), up to one 429:
        // counted here rather than assumed, so an upgrade from anywhere else on this machine cannot skew it
        String status = "";
        for (int i = 0; i < UPGRADES && !status.contains(" 429 "); i++) {
            status = RawWebSocket.upgradeStatus(base, "access_token=" + Tokens.user(t, "u7"), "Origin: http://evil.example\r\n");
            assertTrue(status.contains(" 403 ") || status.contains(" 429 "), status);
        }
        assertTrue(status.contains(" 429 "), status);

        Map<String, Double> expected = new LinkedHashMap<>();
        String tt = "tenant=\"" + t + "\"";
        expected.put("herald_connections{" + tt + "}", 4.0);
        expected.put("herald_connections_opened_total{" + tt + "}", 5.0);
        expected.put("herald_connections_closed_total{" + tt + ",code=\"4401\"}", 1.0);
        expected.put("herald_connections_closed_total{" + tt + ",code=\"4508\"}", 0.0);
        expected.put("herald_events_published_total{" + tt + ",source=\"http\"}", 3.0);
        expected.put("herald_events_published_total{" + tt + ",source=\"cdi\"}", 2.0);
        expected.put("herald_events_published_total{" + tt + ",source=\"client\"}", 0.0);
        expected.put("herald_events_delivered_total{" + tt + "}", 10.0);
        expected.put("herald_messages_received_total{" + tt + "}", 3.0);
        expected.put("herald_dropped_total{" + tt + ",reason=\"slow_consumer\"}", 0.0);
        expected.put("herald_dropped_total{" + tt + ",reason=\"send_failed\"}", 0.0);
        expected.put("herald_dropped_total{tenant=\"" + DISABLED + "\",reason=\"tenant_disabled\"}", 1.0);
        expected.put("herald_slow_consumers_total{" + tt + "}", 0.0);
        expected.put("herald_rate_limited_total{" + tt + ",kind=\"publish\"}", 1.0);
        expected.put("herald_rate_limited_total{" + tt + ",kind=\"action\"}", 1.0);
        expected.put("herald_events_replayed_total{" + tt + "}", 4.0);
        expected.put("herald_resets_total{" + tt + "}", 1.0);
        expected.put("herald_delivery_latency_seconds_count{" + tt + "}", 10.0);
        expected.put("herald_delivery_latency_seconds_bucket{" + tt + ",le=\"+Inf\"}", 10.0);
        expected.put("herald_auth_failures_total{reason=\"invalid\"}", 1.0);
        expected.put("herald_auth_failures_total{reason=\"missing\"}", 1.0);
        expected.put("herald_auth_failures_total{reason=\"expired\"}", 1.0);
        expected.put("herald_auth_failures_total{reason=\"api_key\"}", 1.0);
        expected.put("herald_auth_failures_total{reason=\"conflict\"}", 0.0);
        expected.put("herald_upgrades_rate_limited_total", 1.0);
        expected.put("herald_outbox_pending", 0.0); // the outbox is off here: TransactionalOutboxIT and OutboxRecoveryIT count it
        expected.put("herald_outbox_relayed_total", 0.0);

        // counters move when sends complete and closes are seen, a moment after the client reads: poll, bounded
        Map<String, Double> seen = null;
        String text = "";
        for (long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos(); System.nanoTime() < deadline; ) {
            text = Prometheus.scrape(base);
            seen = new LinkedHashMap<>();
            for (String series : expected.keySet()) {
                seen.put(series, Prometheus.value(text, series));
            }
            if (seen.equals(expected)) {
                break;
            }
            Thread.sleep(200);
        }
        // kept for a look at what each server serves (target/metrics-payara.prom, target/metrics-wildfly.prom)
        Files.writeString(Path.of("target", "metrics-" + (WILDFLY ? "wildfly" : "payara") + ".prom"), text);
        assertEquals(expected, seen, text);
        double queue = Prometheus.value(text, "herald_queue_depth_max{" + tt + "}");
        assertTrue(queue >= 1 && queue <= 5, "queue depth " + queue);
        double sum = Prometheus.value(text, "herald_delivery_latency_seconds_sum{" + tt + "}");
        assertTrue(sum > 0 && sum < 10 * 15, "latency sum " + sum);
        assertTrue(Prometheus.value(text, "herald_delivery_latency_seconds_bucket{" + tt + ",le=\"10.0\"}") == 10.0, text);

        JsonObject stats = Api.get(base, "api/v1/stats", Tokens.publisher(t)).body().getJsonObject("tenants").getJsonObject(t);
        assertEquals(5, stats.getJsonObject("connections").getInt("opened"), "the JSON view reads the same counters");
        assertEquals(3, stats.getJsonObject("messages").getInt("in"));
        for (WsClient open : List.of(a, b, d, e)) {
            open.close();
        }
    }

    @Test
    void livenessIsUp() throws Exception {
        URI live = WILDFLY ? URI.create("http://" + base.getHost() + ":10190/health/live")
                : URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/live");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("herald-session-scan") && r.body().contains("UP"), r.body());
    }
}
