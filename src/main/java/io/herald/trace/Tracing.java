package io.herald.trace;

import io.herald.log.LoggedEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Herald's traces, on whatever the server has: OpenTelemetry through MicroProfile Telemetry (Payara Micro 6 with
 * {@code otel.sdk.disabled=false}; WildFly with the {@code opentelemetry} and {@code microprofile-telemetry}
 * subsystems), else nothing. Chosen once at start by what the application's class loader and CDI see; no Herald type
 * outside this package refers to OpenTelemetry, so a server without it loads none of its classes.
 * <p>
 * Cost: with no tracing, {@link #traceparent} returns null at once and delivery only tests the event's field for null.
 * Thread-safe (immutable after start).
 */
@ApplicationScoped
public class Tracing {

    private static final System.Logger LOG = System.getLogger(Tracing.class.getName());
    private static final String API_PROBE = "io.opentelemetry.api.trace.Tracer";

    /** Null when the server has no OpenTelemetry. */
    private OtelTracing otel;

    @PostConstruct
    void start() {
        otel = hasOpenTelemetryApi() ? OtelTracing.find() : null;
        LOG.log(System.Logger.Level.INFO, otel != null
                ? "traces: OpenTelemetry (MicroProfile Telemetry; spans are exported when the server's SDK is on)"
                : "traces: none (the server has no MicroProfile Telemetry)");
    }

    private static boolean hasOpenTelemetryApi() {
        try {
            Class.forName(API_PROBE, false, Tracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * @return the W3C {@code traceparent} of the calling thread's current span (the publishing request's server
     *         span, or an application span around a CDI publish), or null when there is none or no tracing
     */
    public String traceparent() {
        return otel == null ? null : otel.traceparent();
    }

    /**
     * Starts the span of an event's fan-out on this node, a child of the span that published it.
     *
     * @param event one whose {@link LoggedEvent#traceparent} is not null
     * @return the span to end once the event is queued for its recipients; null when there is no tracing or the
     *         traceparent is malformed
     */
    public DeliverySpan delivery(LoggedEvent event) {
        return otel == null ? null : otel.delivery(event);
    }

    /** A started delivery span. Ended once, by the thread that fanned the event out. */
    public interface DeliverySpan {
        /** @param recipients how many local sessions the event was queued for (an attribute of the span) */
        void end(int recipients);
    }
}
