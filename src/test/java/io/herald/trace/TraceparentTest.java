package io.herald.trace;

import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The W3C traceparent Herald keeps with an event: written from a span context and read back, malformed ones refused. */
class TraceparentTest {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsBackWhatItWrites() {
        SpanContext c = OtelTracing.parse(TRACEPARENT);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.getTraceId());
        assertEquals("00f067aa0ba902b7", c.getSpanId());
        assertTrue(c.isSampled());
        assertEquals(TRACEPARENT, OtelTracing.format(c));
    }

    @Test
    void refusesMalformedOnes() {
        assertNull(OtelTracing.parse(""));
        assertNull(OtelTracing.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "another version");
        assertNull(OtelTracing.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"), "invalid trace id");
        assertNull(OtelTracing.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz"), "flags not hex");
        assertNull(OtelTracing.parse("00-4bf92f3577b34da6a3ce929d0e0e4736x00f067aa0ba902b7-01"), "no dash");
    }
}
