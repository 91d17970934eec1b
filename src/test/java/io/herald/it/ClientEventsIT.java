package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client events (issue 24, acceptance 2): an {@code emit} reaches the room's other members and no one else; a
 * non-member, a type outside {@code herald.emit.types} and oversized data are refused; a flood is rate-limited while
 * events still flow; an application observer sees each one and may veto it.
 */
@ExtendWith(ArquillianExtension.class)
class ClientEventsIT {

    static final int BURST = 3;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // presence off here: its frames would come between the ones these tests look at
        return HeraldDeployment.war(Map.of("herald.presence.rooms", "none", "herald.emit.types", "typing,message:*",
                "herald.emit.max-bytes", "256", "herald.limits.emits-per-second", "0.2",
                "herald.limits.emit-burst", String.valueOf(BURST)), EmitProbe.class, EmitProbe.Stored.class);
    }

    @Test
    void typingFromAReachesBAndCNotANotANonMemberNotAnotherTenantAndIsCountedAsAClientEvent() throws Exception {
        String tenant = "emit-" + UUID.randomUUID();
        String other = "emit-other-" + UUID.randomUUID();
        try (WsClient a = WsClient.connect(base, Tokens.user(tenant, "a"), WsClient.param("rooms", "conv-1"));
             WsClient b = WsClient.connect(base, Tokens.user(tenant, "b"), WsClient.param("rooms", "conv-1"));
             WsClient c = WsClient.connect(base, Tokens.user(tenant, "c"), WsClient.param("rooms", "conv-1"));
             WsClient d = WsClient.connect(base, Tokens.user(tenant, "d"), WsClient.param("rooms", "conv-2"));
             WsClient e = WsClient.connect(base, Tokens.user(other, "e"), WsClient.param("rooms", "conv-1"))) {
            JsonObject reply = a.request("t1", "{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"typing\",\"data\":{\"on\":true},\"ref\":\"t1\"}");
            assertEquals("reply", reply.getString("type"), reply.toString());
            assertEquals(2, reply.getJsonObject("data").getInt("recipients"));
            for (WsClient member : new WsClient[]{b, c}) {
                JsonObject f = member.next();
                assertEquals("typing", f.getString("type"), f.toString());
                assertEquals("conv-1", f.getString("room"));
                assertEquals("a", f.getString("user"), "the sender, from its credential");
                assertTrue(f.getJsonObject("data").getBoolean("on"));
                assertFalse(f.containsKey("id"), "no id: not an event of the log");
            }
            Markers.assertNext(base, tenant, a, b, c, d); // not A, not the non-member d
            Markers.assertNext(base, other, e); // not another tenant's member of a room of that name

            String metrics = Prometheus.scrape(base); // counted when delivered, before the reply
            assertEquals(1.0, Prometheus.value(metrics, "herald_events_published_total{tenant=\"" + tenant + "\",source=\"client\"}"));
            assertEquals(1.0, Prometheus.value(metrics, "herald_events_published_total{tenant=\"" + tenant + "\",source=\"http\"}"),
                    "the marker, published over HTTP");
            double others = Prometheus.value(metrics, "herald_events_published_total{tenant=\"" + other + "\",source=\"client\"}");
            assertTrue(Double.isNaN(others) || others == 0.0, "another tenant counted no client event: " + others);
        }
    }

    @Test
    void aNonMembersEmitATypeOutsideTheSetAndOversizedDataAreRefused() {
        String tenant = "emit-refused-" + UUID.randomUUID();
        try (WsClient a = WsClient.connect(base, Tokens.user(tenant, "a"), WsClient.param("rooms", "conv-1"));
             WsClient b = WsClient.connect(base, Tokens.user(tenant, "b"), WsClient.param("rooms", "conv-1"))) {
            assertError(b, "{\"action\":\"emit\",\"room\":\"conv-9\",\"type\":\"typing\",\"ref\":\"n\"}", "n", "forbidden");
            assertError(a, "{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"alert.fire\",\"ref\":\"t\"}", "t", "forbidden");
            assertError(a, "{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"presence\",\"ref\":\"p\"}", "p", "forbidden");
            assertError(a, "{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"typing\",\"data\":\"" + "x".repeat(300)
                    + "\",\"ref\":\"big\"}", "big", "too_large");
            Markers.assertNext(base, tenant, a, b); // none of them reached anyone
        }
    }

    @Test
    void aFloodOfEmitsIsRateLimitedWhileEventsStillFlow() {
        String tenant = "emit-flood-" + UUID.randomUUID();
        try (WsClient a = WsClient.connect(base, Tokens.user(tenant, "a"), WsClient.param("rooms", "conv-1"));
             WsClient b = WsClient.connect(base, Tokens.user(tenant, "b"), WsClient.param("rooms", "conv-1"));
             WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"))) {
            int delivered = 0;
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                JsonObject answer = a.request("f" + i, "{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"typing\",\"ref\":\"f" + i + "\"}");
                if (answer.getString("type").equals("reply")) {
                    delivered++;
                } else {
                    assertEquals("rate_limited", answer.getString("code"), answer.toString());
                    limited++;
                }
            }
            assertEquals(BURST, delivered, "the burst, then (at 0.2/s) none within the flood");
            assertEquals(10 - BURST, limited);
            for (int i = 0; i < BURST; i++) {
                assertEquals("typing", b.next().getString("type"));
            }
            Markers.assertNext(base, tenant, a, b, bystander); // events still flow, to the flooder too
            assertEquals("pong", a.request("p", "{\"action\":\"ping\",\"ref\":\"p\"}").getString("type"), "other actions still work");
        }
    }

    @Test
    void anApplicationObserverSeesEachClientEventAndMayVetoIt() {
        String tenant = "emit-observed-" + UUID.randomUUID();
        try (WsClient a = WsClient.connect(base, Tokens.user(tenant, "a"), WsClient.param("rooms", "conv-1"));
             WsClient b = WsClient.connect(base, Tokens.user(tenant, "b"), WsClient.param("rooms", "conv-1"),
                     WsClient.param("types", "message:*,marker"))) {
            a.send("{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"message:read\",\"data\":{\"message\":\"m-1\"},\"ref\":\"r\"}");
            JsonObject first = a.next();
            JsonObject second = a.next(); // the observer's event may come before or after the reply
            JsonObject stored = first.containsKey("id") ? first : second;
            assertEquals("reply", (stored == first ? second : first).getString("type"));
            assertEquals("receipt.stored", stored.getString("type"), "the observer stored it");
            assertEquals("conv-1 {\"message\":\"m-1\"}", stored.getJsonObject("data").getString("receipt"));
            assertEquals("message:read", b.next().getString("type"));

            assertError(a, "{\"action\":\"emit\",\"room\":\"conv-1\",\"type\":\"message:read\",\"data\":{\"veto\":true},\"ref\":\"v\"}",
                    "v", "forbidden");
            Markers.assertNext(base, tenant, a, b); // vetoed: delivered to no one
        }
    }

    private static void assertError(WsClient c, String frame, String ref, String code) {
        JsonObject answer = c.request(ref, frame);
        assertEquals("error", answer.getString("type"), answer.toString());
        assertEquals(code, answer.getString("code"), answer.toString());
    }
}
