package io.herald.it;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the server has MicroProfile Telemetry: a publish and its delivery are one trace. The server exports its spans
 * over OTLP/HTTP (protobuf) to a receiver this test runs; a publish carries a known W3C {@code traceparent}, and the
 * delivery span of that event must be in that trace, its parent chain leading to the publisher's span.
 */
@ExtendWith(ArquillianExtension.class)
class TraceIT {

    private static final Duration EXPORTED = Duration.ofSeconds(20);
    private static final int MAX_DEPTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    static OtlpReceiver receiver;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        receiver = OtlpReceiver.start();
        return HeraldDeployment.war(Map.of(
                "otel.sdk.disabled", "false",
                "otel.service.name", "herald-trace-it",
                "otel.traces.exporter", "otlp",
                // the general keys, not the traces ones: WildFly's subsystem sets these, and its exporter reads them
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.exporter.otlp.endpoint", receiver.baseUrl(),
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none",
                "otel.bsp.schedule.delay", "100",
                "herald.presence.rooms", "none"), TraceProbe.class);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void anHttpPublishAndItsDeliveryAreOneTrace() {
        String tenant = "trace-" + UUID.randomUUID();
        String traceId = hex(16);
        String callerSpan = hex(8);
        try (WsClient client = WsClient.connect(base, Tokens.user(tenant, "u"))) {
            Api.Answer a = Api.send(base, "POST", "api/v1/events", "{\"type\":\"order.paid\"}",
                    "Authorization", "Bearer " + Tokens.publisher(tenant), "traceparent", traceparent(traceId, callerSpan));
            assertEquals(202, a.status(), a.toString());
            String id = a.body().getString("id");
            assertEquals(id, client.nextEvent().getString("id"));

            Span delivery = deliverySpan(tenant, traceId, id);
            assertEquals("order.paid", attribute(delivery, "herald.event.type"));
            assertEquals("1", attribute(delivery, "herald.recipients"));
            assertChainLeadsTo(traceId, delivery, callerSpan);
        }
    }

    @Test
    void aCdiPublishInsideATracedRequestAndItsDeliveryAreOneTrace() {
        String tenant = "trace-" + UUID.randomUUID();
        String traceId = hex(16);
        String callerSpan = hex(8);
        try (WsClient client = WsClient.connect(base, Tokens.user(tenant, "u"))) {
            Api.Answer a = Api.send(base, "POST", "api/v1/test/trace?tenant=" + tenant, "",
                    "Authorization", "Bearer " + Tokens.publisher(tenant), "traceparent", traceparent(traceId, callerSpan));
            assertEquals(200, a.status(), a.toString());
            JsonObject event = client.nextEvent();
            assertEquals("order.shipped", event.getString("type"));

            Span delivery = deliverySpan(tenant, traceId, event.getString("id"));
            assertChainLeadsTo(traceId, delivery, callerSpan);
        }
    }

    /**
     * @return the delivery span of event {@code id} of {@code tenant} (ids are per tenant), asserting it came in trace
     *         {@code traceId}
     */
    private Span deliverySpan(String tenant, String traceId, String id) {
        Optional<Span> delivery = receiver.await(EXPORTED, spans -> spans.stream()
                .filter(s -> "herald deliver".equals(s.getName()) && id.equals(attribute(s, "herald.event.id"))
                        && tenant.equals(attribute(s, "herald.tenant")))
                .findFirst());
        assertTrue(delivery.isPresent(), "no delivery span for event " + id + " was exported");
        assertEquals(traceId, OtlpReceiver.hex(delivery.get().getTraceId()), "the delivery span's trace");
        return delivery.get();
    }

    /**
     * Follows parents from {@code from} through the spans of the trace (the server's request span may be exported a
     * moment after the delivery span: awaited) until the parent is the caller's span.
     */
    private void assertChainLeadsTo(String traceId, Span from, String callerSpan) {
        Function<List<Span>, Optional<List<String>>> chain = spans -> {
            Map<String, Span> byId = spans.stream().filter(s -> traceId.equals(OtlpReceiver.hex(s.getTraceId())))
                    .collect(Collectors.toMap(s -> OtlpReceiver.hex(s.getSpanId()), s -> s, (x, y) -> x));
            List<String> names = new ArrayList<>();
            Span at = from;
            for (int depth = 0; depth < MAX_DEPTH && at != null; depth++) {
                names.add(at.getName());
                String parent = OtlpReceiver.hex(at.getParentSpanId());
                if (parent.equals(callerSpan)) {
                    return Optional.of(names);
                }
                at = byId.get(parent);
            }
            return Optional.empty();
        };
        Optional<List<String>> found = receiver.await(EXPORTED, chain);
        assertTrue(found.isPresent(), "the delivery span's parents do not lead to the publisher's span " + callerSpan);
    }

    private static String attribute(Span s, String key) {
        for (KeyValue kv : s.getAttributesList()) {
            if (kv.getKey().equals(key)) {
                return kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue();
            }
        }
        return null;
    }

    private static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
