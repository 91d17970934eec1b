package io.herald.publish;

import io.herald.log.AppendAdmission;
import io.herald.log.EventDraft;
import io.herald.log.EventLog;
import io.herald.metrics.Source;
import io.herald.tenant.TenantRegistry;
import io.herald.protocol.Json;
import io.herald.trace.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.concurrent.CompletionStage;

/**
 * The one way into Herald for an event, whichever path it came by: validated, its payload encoded once (JSON-B),
 * appended to the event log, which gives it its id and hands it on to delivery. Thread-safe.
 */
@ApplicationScoped
public class Publisher {

    @Inject
    EventLog log;

    @Inject
    Instance<AppendAdmission> admissions;

    @Inject
    TenantRegistry registry;

    @Inject
    Tracing tracing;

    /**
     * @return why the node refuses events of {@code tenant} now (draining, or behind with its deliveries), or null
     */
    public AppendAdmission.Refusal refusal(String tenant) {
        for (AppendAdmission a : admissions) {
            AppendAdmission.Refusal r = a.refusal(tenant);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** @return false while the log cannot take appends (its store unreachable); never blocks */
    public boolean logAvailable() {
        return log.available();
    }

    /**
     * Appends a valid publication (see {@link Publications#problem}); does not ask {@link #refusal} (the caller decides).
     * Counted as published (by {@code source}) once the log took it. The calling thread's current span, if any (the
     * HTTP request's, or the application's around a CDI event), is kept with the event: its delivery joins that trace.
     *
     * @param source the path it came by, never null
     * @return completes with the receipt once delivery has queued the event for this node's sessions; exceptionally
     *         with {@link io.herald.log.LogUnavailableException} when the log cannot take it
     * @throws jakarta.json.bind.JsonbException when the payload cannot be serialised (nothing was published)
     */
    public CompletionStage<Receipt> publish(Publication p, Source source) {
        return append(encode(p), source);
    }

    /**
     * @return the publication as the log takes it: its payload as JSON text, with the calling thread's current span
     * @throws jakarta.json.bind.JsonbException when the payload cannot be serialised
     */
    EventDraft encode(Publication p) {
        String data = p.data() == null ? "null" : Json.write(p.data());
        return new EventDraft(p.tenant(), p.type(), p.room(), p.user(), data, tracing.traceparent());
    }

    /** Appends an encoded event (one the outbox kept); as {@link #publish} otherwise. */
    CompletionStage<Receipt> append(EventDraft draft, Source source) {
        return log.append(draft).thenApply(a -> {
            registry.tenant(draft.tenant()).stats().eventPublished(source);
            return new Receipt(a.event().id().toString(), a.recipients());
        });
    }
}
