package io.herald.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The catalogue of Herald's figures: their names, types, tags and meaning, in one place for every export (the README's
 * metrics table follows it). A series of a tenant tag reads the counters of every tenant behind that tag (one, or the
 * tenants past the cap behind {@code other}): summed, or for the queue depth, the largest. Stateless.
 */
final class Figures {

    static final String CONNECTIONS = "herald_connections";
    static final String OPENED = "herald_connections_opened_total";
    static final String CLOSED = "herald_connections_closed_total";
    static final String PUBLISHED = "herald_events_published_total";
    static final String DELIVERED = "herald_events_delivered_total";
    static final String RECEIVED = "herald_messages_received_total";
    static final String SENT = "herald_messages_sent_total";
    static final String DROPPED = "herald_dropped_total";
    static final String SLOW = "herald_slow_consumers_total";
    static final String RATE_LIMITED = "herald_rate_limited_total";
    static final String REPLAYED = "herald_events_replayed_total";
    static final String RESETS = "herald_resets_total";
    static final String QUEUE = "herald_queue_depth_max";
    static final String LATENCY = "herald_delivery_latency_seconds";
    static final String AUTH = "herald_auth_failures_total";
    static final String UPGRADES_LIMITED = "herald_upgrades_rate_limited_total";
    static final String OUTBOX_PENDING = "herald_outbox_pending";
    static final String OUTBOX_RELAYED = "herald_outbox_relayed_total";
    static final String WEBHOOKS_DELIVERED = "herald_webhooks_delivered_total";
    static final String WEBHOOKS_RETRIED = "herald_webhooks_retries_total";
    static final String WEBHOOKS_DROPPED = "herald_webhooks_dropped_total";

    private Figures() {
    }

    /** @return the node-wide series (no tenant tag) */
    static List<Series> node(HeraldMetrics m) {
        List<Series> s = new ArrayList<>();
        for (AuthFailure r : AuthFailure.values()) {
            s.add(new Series(AUTH, "counter", "credentials refused (upgrade, HTTP API, auth action), by reason",
                    AUTH, List.of("reason", r.tag), () -> m.authFailures(r)));
        }
        s.add(new Series(UPGRADES_LIMITED, "counter", "WebSocket upgrades refused with 429 (herald.limits.upgrades-per-second)",
                UPGRADES_LIMITED, List.of(), m::upgradesRateLimited));
        s.add(new Series(OUTBOX_PENDING, "gauge", "rows in the transactional outbox's table, any node's, as this node last counted",
                OUTBOX_PENDING, List.of(), m::outboxPending));
        s.add(new Series(OUTBOX_RELAYED, "counter", "transactional outbox rows this node appended to the event log",
                OUTBOX_RELAYED, List.of(), m::outboxRelayed));
        return s;
    }

    /** @return the series of one tenant tag, reading every tenant of {@code group} */
    static List<Series> tenant(String tag, List<TenantStats> group) {
        List<Series> s = new ArrayList<>();
        s.add(gauge(CONNECTIONS, "open sessions (WebSocket, SSE, long poll)", tag, group, TenantStats::active));
        s.add(counter(OPENED, "connections opened (registered after the upgrade)", tag, group, TenantStats::opened));
        for (int i = 0; i <= TenantStats.CLOSE_CODES.length; i++) {
            int code = i;
            String name = i < TenantStats.CLOSE_CODES.length ? String.valueOf(TenantStats.CLOSE_CODES[i]) : "other";
            s.add(new Series(CLOSED, "counter", "connections closed, by close code", CLOSED,
                    List.of("tenant", tag, "code", name), sum(group, t -> t.closedByCode(code))));
        }
        for (Source src : Source.values()) {
            s.add(new Series(PUBLISHED, "counter", "events accepted by the log, by source (cdi, http, client)", PUBLISHED,
                    List.of("tenant", tag, "source", src.tag), sum(group, t -> t.published(src))));
        }
        s.add(counter(DELIVERED, "live events whose socket write completed, per session", tag, group, TenantStats::delivered));
        s.add(counter(RECEIVED, "client frames received", tag, group, TenantStats::messagesIn));
        s.add(counter(SENT, "JSON objects written to sockets (events and control frames)", tag, group, TenantStats::messagesOut));
        for (DropReason r : DropReason.values()) {
            s.add(new Series(DROPPED, "counter", "objects never sent, by reason", DROPPED,
                    List.of("tenant", tag, "reason", r.tag), sum(group, t -> t.dropped(r))));
        }
        s.add(counter(SLOW, "sessions closed as slow consumers (4508)", tag, group, TenantStats::slowConsumers));
        for (RateLimit k : RateLimit.values()) {
            s.add(new Series(RATE_LIMITED, "counter", "requests refused by a per-tenant rate limit, by kind", RATE_LIMITED,
                    List.of("tenant", tag, "kind", k.tag), sum(group, t -> t.rateLimited(k))));
        }
        s.add(counter(REPLAYED, "events queued by a replay (at connect or on resume)", tag, group, TenantStats::replayed));
        s.add(counter(RESETS, "reset frames: the events asked for were no longer kept", tag, group, TenantStats::resets));
        s.add(new Series(QUEUE, "gauge", "the most live frames ever queued for one session", QUEUE,
                List.of("tenant", tag), max(group, TenantStats::queuePeak)));
        s.add(counter(WEBHOOKS_DELIVERED, "webhook deliveries answered 2xx (once per delivery)", tag, group, TenantStats::webhooksDelivered));
        s.add(counter(WEBHOOKS_RETRIED, "webhook attempts that failed and were retried", tag, group, TenantStats::webhooksRetried));
        for (WebhookDrop r : WebhookDrop.values()) {
            s.add(new Series(WEBHOOKS_DROPPED, "counter", "webhook deliveries given up, by reason", WEBHOOKS_DROPPED,
                    List.of("tenant", tag, "reason", r.tag), sum(group, t -> t.webhooksDropped(r))));
        }
        String help = "publish (append) to socket write completed, per live delivery";
        for (int i = 0; i <= LatencyHistogram.BOUNDS_SECONDS.length; i++) {
            int b = i;
            String le = i < LatencyHistogram.BOUNDS_SECONDS.length ? Double.toString(LatencyHistogram.BOUNDS_SECONDS[i]) : "+Inf";
            s.add(new Series(LATENCY, "histogram", help, LATENCY + "_bucket", List.of("tenant", tag, "le", le),
                    sum(group, t -> t.latency().atOrBelow(b))));
        }
        s.add(new Series(LATENCY, "histogram", help, LATENCY + "_sum", List.of("tenant", tag),
                sum(group, t -> t.latency().sumSeconds())));
        s.add(new Series(LATENCY, "histogram", help, LATENCY + "_count", List.of("tenant", tag),
                sum(group, t -> t.latency().count())));
        return s;
    }

    private static Series counter(String name, String help, String tag, List<TenantStats> group, ToDoubleFunction<TenantStats> f) {
        return new Series(name, "counter", help, name, List.of("tenant", tag), sum(group, f));
    }

    private static Series gauge(String name, String help, String tag, List<TenantStats> group, ToDoubleFunction<TenantStats> f) {
        return new Series(name, "gauge", help, name, List.of("tenant", tag), sum(group, f));
    }

    private static DoubleSupplier sum(List<TenantStats> group, ToDoubleFunction<TenantStats> f) {
        return () -> {
            double n = 0;
            for (TenantStats t : group) {
                n += f.applyAsDouble(t);
            }
            return n;
        };
    }

    private static DoubleSupplier max(List<TenantStats> group, ToLongFunction<TenantStats> f) {
        return () -> {
            long n = 0;
            for (TenantStats t : group) {
                n = Math.max(n, f.applyAsLong(t));
            }
            return n;
        };
    }
}
