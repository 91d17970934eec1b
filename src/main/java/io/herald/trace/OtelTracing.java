package io.herald.trace;

import io.herald.log.LoggedEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;

/**
 * {@link Tracing} on OpenTelemetry: the {@link Tracer} MicroProfile Telemetry gives the application. Loaded only
 * when the API is there. Uses no API newer than OpenTelemetry 1.29 (Payara Micro 6's). Thread-safe.
 */
final class OtelTracing {

    private static final System.Logger LOG = System.getLogger(OtelTracing.class.getName());

    static final String SPAN_NAME = "herald deliver";
    static final String TENANT = "herald.tenant";
    static final String TYPE = "herald.event.type";
    static final String EVENT_ID = "herald.event.id";
    static final String RECIPIENTS = "herald.recipients";

    /** {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}: W3C Trace Context, version 00. */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final String VERSION = "00";

    private final Tracer tracer;

    private OtelTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** @return the adapter, or null when CDI has no {@link Tracer} (the API without MicroProfile Telemetry) */
    static OtelTracing find() {
        try {
            Instance<Tracer> tracers = CDI.current().select(Tracer.class);
            return tracers.isResolvable() ? new OtelTracing(tracers.get()) : null;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "traces: OpenTelemetry API present but no Tracer bean: " + e);
            return null;
        }
    }

    String traceparent() {
        SpanContext c = Span.current().getSpanContext();
        return c.isValid() ? format(c) : null;
    }

    static String format(SpanContext c) {
        return VERSION + '-' + c.getTraceId() + '-' + c.getSpanId() + '-' + c.getTraceFlags().asHex();
    }

    /** @return the context a well-formed version-00 traceparent names, or null */
    static SpanContext parse(String traceparent) {
        if (traceparent.length() != TRACEPARENT_LENGTH || !traceparent.startsWith(VERSION + '-')
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-'
                || Character.digit(traceparent.charAt(53), 16) < 0 || Character.digit(traceparent.charAt(54), 16) < 0) {
            return null;
        }
        try {
            SpanContext c = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                    traceparent.substring(36, 52), TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
            return c.isValid() ? c : null;
        } catch (RuntimeException notHex) {
            return null;
        }
    }

    Tracing.DeliverySpan delivery(LoggedEvent e) {
        SpanContext parent = parse(e.traceparent());
        if (parent == null) {
            return null;
        }
        Span span = tracer.spanBuilder(SPAN_NAME)
                .setParent(Context.root().with(Span.wrap(parent)))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(TENANT, e.tenant())
                .setAttribute(TYPE, e.type())
                .setAttribute(EVENT_ID, e.id().toString())
                .startSpan();
        return recipients -> {
            span.setAttribute(RECIPIENTS, recipients);
            span.end();
        };
    }
}
