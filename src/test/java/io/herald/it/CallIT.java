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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code call} into application beans ({@link CallProbe}): the bean's value comes back as the reply, with the
 * caller's tenant and user from the credential; exceptions become error codes; a hanging method is answered
 * {@code timeout} while other calls and events flow; repeated failures open the method's circuit (fast
 * {@code unavailable}, another method unaffected) until its delay has passed; a cached method answers an identical
 * call without running, per tenant and user.
 */
@ExtendWith(ArquillianExtension.class)
class CallIT {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final int PER_TENANT = 3;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.call.timeout", TIMEOUT.toString(), "herald.call.threads", "4",
                        "herald.call.per-tenant", String.valueOf(PER_TENANT)),
                CallProbe.class, CallProbe.Methods.class, CallProbe.Echo.class, CallProbe.Seen.class, CallProbe.Flake.class);
    }

    @Test
    void aCallAnswersWithTheBeansValueAndTheCallerFromTheCredentialNotTheFrame() {
        String tenant = "call-" + UUID.randomUUID();
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "ann"))) {
            JsonObject reply = c.request("w", "{\"action\":\"call\",\"method\":\"probe.whoami\",\"ref\":\"w\","
                    + "\"tenant\":\"other\",\"user\":\"mallory\",\"data\":{\"text\":\"hi\",\"tenant\":\"other\"}}");
            assertEquals("reply", reply.getString("type"), reply.toString());
            assertEquals("call", reply.getString("action"));
            assertTrue(reply.getBoolean("ok"));
            JsonObject data = reply.getJsonObject("data");
            assertEquals(tenant, data.getString("tenant"), "the tenant is the token's");
            assertEquals("ann", data.getString("user"), "the user is the token's");
            assertEquals("hi", data.getString("text"));
        }
    }

    @Test
    void exceptionsUnknownMethodsAndBadDataAreErrorsWithTheirCodesAndTheConnectionStaysOpen() {
        String tenant = "call-" + UUID.randomUUID();
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "ann"))) {
            JsonObject refused = call(c, "r", "probe.refuse", "null");
            assertEquals("out_of_stock", code(refused), "a CallException's code");
            assertEquals("nothing left of that", refused.getString("message"));
            JsonObject crashed = call(c, "x", "probe.crash", "null");
            assertEquals("internal", code(crashed), "anything else");
            assertEquals("probe.crash failed", crashed.getString("message"), "a safe message, not the exception's");
            assertEquals("not_found", code(call(c, "n", "probe.nothing", "null")));
            assertEquals("bad_frame", code(call(c, "b", "probe.whoami", "[1,2]")), "data that does not fit the parameter");
            assertEquals("bad_frame", code(c.request("m", "{\"action\":\"call\",\"ref\":\"m\"}")), "no method");
            assertEquals("reply", call(c, "ok", "probe.whoami", "{\"text\":\"still here\"}").getString("type"));
        }
    }

    @Test
    void aHangingCallIsAnsweredTimeoutAfterTheTimeoutWhileOtherCallsAndEventsFlow() {
        String tenant = "call-" + UUID.randomUUID();
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bob"));
             WsClient c = WsClient.connect(base, Tokens.user(tenant, "ann"))) {
            long start = System.nanoTime();
            c.send(frame("h", "probe.hang", "null"));
            c.send(frame("w", "probe.whoami", "{\"text\":\"meanwhile\"}"));
            Api.publish(base, tenant, "{\"type\":\"still.flowing\"}");
            List<String> order = new ArrayList<>();
            JsonObject hung = null;
            while (hung == null) {
                JsonObject f = c.next();
                String what = f.containsKey("id") ? "event" : f.getString("ref", f.getString("type"));
                order.add(what);
                if (what.equals("h")) {
                    hung = f;
                }
            }
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals("timeout", code(hung), hung.toString());
            assertTrue(tookMs >= TIMEOUT.toMillis() - 50 && tookMs < TIMEOUT.toMillis() + 5000, "answered after " + tookMs + " ms");
            assertTrue(order.contains("w") && order.contains("event"),
                    "the other call and the event came before the hanging call's timeout: " + order);
            assertEquals("still.flowing", bystander.nextEvent().getString("type"));
            assertEquals("reply", call(c, "after", "probe.whoami", "{\"text\":\"after\"}").getString("type"), "calls go on");
        }
    }

    @Test
    void aTenantWithAllItsCallsInProgressIsRefusedUnavailableAtOnceWhileAnotherTenantsCallsAnswer() throws Exception {
        try (WsClient busy = WsClient.connect(base, Tokens.user("call-" + UUID.randomUUID(), "ann"));
             WsClient calm = WsClient.connect(base, Tokens.user("call-" + UUID.randomUUID(), "bob"))) {
            for (int i = 0; i < PER_TENANT; i++) {
                busy.send(frame("h" + i, "probe.hang", "null"));
            }
            long start = System.nanoTime();
            JsonObject refused = busy.request("more", frame("more", "probe.whoami", "{\"text\":\"one too many\"}"));
            assertEquals("unavailable", code(refused), refused.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT) < 0, "refused at once");
            assertEquals("reply", call(calm, "c", "probe.whoami", "{\"text\":\"another tenant\"}").getString("type"),
                    "another tenant's call runs meanwhile");
            for (int i = 0; i < PER_TENANT; i++) {
                assertEquals("timeout", code(busy.next()));
            }
            JsonObject after = null;
            for (int i = 0; i < 20 && (after == null || after.getString("type").equals("error")); i++) { // bounded
                if (after != null) {
                    Thread.sleep(100); // the interrupted methods give their places back as they end, just after the timeout
                }
                after = call(busy, "a" + i, "probe.whoami", "{\"text\":\"after\"}");
            }
            assertEquals("reply", after.getString("type"), "the tenant's places came back: " + after);
        }
    }

    @Test
    void afterRepeatedFailuresTheCircuitOpensWithFastErrorsOnlyForThatMethodAndClosesAfterItsDelay() throws Exception {
        String tenant = "call-" + UUID.randomUUID();
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "ann"))) {
            for (int i = 0; i < 4; i++) {
                assertEquals("flaked", code(call(c, "f" + i, "probe.flaky", "{\"fail\":true}")));
            }
            long opened = System.nanoTime();
            JsonObject open = call(c, "o", "probe.flaky", "{\"fail\":false}");
            assertEquals("unavailable", code(open), "the circuit is open: " + open);
            assertEquals("reply", call(c, "w", "probe.whoami", "{\"text\":\"healthy\"}").getString("type"),
                    "another method's circuit stays closed");
            JsonObject closed = null;
            for (int i = 0; i < 80 && closed == null; i++) { // bounded: 80 × 250 ms
                Thread.sleep(250); // the circuit's delay has to pass: time itself is what is tested
                JsonObject a = call(c, "p" + i, "probe.flaky", "{\"fail\":false}");
                if (a.getString("type").equals("reply")) {
                    closed = a;
                } else {
                    assertEquals("unavailable", code(a), a.toString());
                }
            }
            long openMs = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertTrue(closed != null, "the circuit closed again");
            assertTrue(openMs >= CallProbe.OPEN_FOR_MS - 300, "open for " + openMs + " ms");
            assertEquals(5, closed.getInt("data"), "the calls refused while open never ran the method");
            assertEquals("reply", call(c, "again", "probe.flaky", "{\"fail\":false}").getString("type"), "closed");
        }
    }

    @Test
    void aCachedMethodAnswersTheSecondIdenticalCallWithoutRunningPerTenantAndUser() {
        String tenant = "call-" + UUID.randomUUID();
        String other = "call-" + UUID.randomUUID();
        try (WsClient ann = WsClient.connect(base, Tokens.user(tenant, "ann"));
             WsClient bob = WsClient.connect(base, Tokens.user(tenant, "bob"));
             WsClient otherAnn = WsClient.connect(base, Tokens.user(other, "ann"))) {
            int first = call(ann, "1", "probe.cached", "{\"q\":1,\"a\":[1,2]}").getInt("data");
            assertEquals(first, call(ann, "2", "probe.cached", "{\"a\":[1,2],\"q\":1}").getInt("data"),
                    "the same data (members in another order): from the cache, the method did not run");
            Map<String, Integer> runs = new HashMap<>();
            runs.put("other data", call(ann, "3", "probe.cached", "{\"q\":2}").getInt("data"));
            runs.put("another user", call(bob, "4", "probe.cached", "{\"q\":1,\"a\":[1,2]}").getInt("data"));
            runs.put("another tenant", call(otherAnn, "5", "probe.cached", "{\"q\":1,\"a\":[1,2]}").getInt("data"));
            runs.forEach((why, n) -> assertTrue(n > first, why + ": the method ran again (" + n + " after " + first + ")"));
            assertEquals(3, runs.values().stream().distinct().count(), "each ran once: " + runs);
        }
    }

    private static String frame(String ref, String method, String dataJson) {
        return "{\"action\":\"call\",\"method\":\"" + method + "\",\"ref\":\"" + ref + "\",\"data\":" + dataJson + "}";
    }

    private static JsonObject call(WsClient c, String ref, String method, String dataJson) {
        return c.request(ref, frame(ref, method, dataJson));
    }

    private static String code(JsonObject answer) {
        if (!answer.getString("type").equals("error")) {
            fail("expected an error, got " + answer);
        }
        return answer.getString("code");
    }
}
