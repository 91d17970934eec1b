package io.herald.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The facade of Herald's metrics: hands each tenant its {@link TenantStats} (with its {@code tenant} tag), counts the
 * node-wide figures, and exports every figure to what the server has, chosen at start: MicroProfile Metrics when the
 * server offers a registry (Payara), else Herald's own Prometheus text ({@link #text()}, served at {@code /metrics}
 * of the application by {@link MetricsEndpoint}). Thread-safe.
 * <p>
 * The {@code tenant} tag: the first {@code herald.metrics.max-tenants} tenants seen since start keep their name; the
 * rest share the tag {@code other} (their counters are summed there; the queue depth is the largest), so a flood of
 * tenants cannot multiply the series. {@code GET /api/v1/stats} reads the same counters per tenant, uncapped.
 * <p>
 * {@code herald.metrics.enabled=false}: nothing is exported and delivery latency is not measured (no clock read per
 * send); the counters behind {@code GET /api/v1/stats} count all the same.
 */
@ApplicationScoped
public class HeraldMetrics {

    static final String OTHER = "other";
    private static final System.Logger LOG = System.getLogger(HeraldMetrics.class.getName());

    @Inject
    @ConfigProperty(name = "herald.metrics.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "herald.metrics.max-tenants", defaultValue = "100")
    int maxTenants;

    private final LongAdder[] authFailures = new LongAdder[AuthFailure.values().length];
    private final LongAdder upgradesRateLimited = new LongAdder();
    private final LongAdder outboxRelayed = new LongAdder();
    private final AtomicLong outboxPending = new AtomicLong();
    /** Tag → the tenants counted under it (one, or every tenant past the cap under {@link #OTHER}). */
    private final Map<String, List<TenantStats>> groups = new ConcurrentHashMap<>();
    private final AtomicInteger named = new AtomicInteger();
    private final List<Series> series = new CopyOnWriteArrayList<>();
    private Export export;

    {
        for (int i = 0; i < authFailures.length; i++) {
            authFailures[i] = new LongAdder();
        }
    }

    @PostConstruct
    void start() {
        if (!enabled) {
            LOG.log(System.Logger.Level.INFO, "metrics off (herald.metrics.enabled=false)");
            return;
        }
        export = hasMicroProfileMetrics() ? MicroProfileExport.find() : null;
        LOG.log(System.Logger.Level.INFO, export != null
                ? "metrics: MicroProfile Metrics (the server's /metrics, application scope)"
                : "metrics: Prometheus text at /metrics of this application (the server has no MicroProfile Metrics)");
        publish(Figures.node(this));
    }

    /** Created at start, so the figures are there before any traffic. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the observer's bean is created to receive it: nothing else to do
    }

    private static boolean hasMicroProfileMetrics() {
        try {
            Class.forName("org.eclipse.microprofile.metrics.MetricRegistry", false, HeraldMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @PreDestroy
    void stop() {
        if (export != null) {
            export.close();
        }
    }

    /**
     * The counters of a tenant seen for the first time. Call once per tenant (its registry does); each call makes new
     * counters.
     *
     * @param name the tenant's name, never null
     * @return its counters, tagged with its name or {@code other}; never null
     */
    public TenantStats tenant(String name) {
        if (!enabled) {
            return new TenantStats(name, false);
        }
        String tag = named.getAndIncrement() < maxTenants ? name : OTHER;
        TenantStats stats = new TenantStats(tag, true);
        boolean[] created = {false};
        List<TenantStats> group = groups.computeIfAbsent(tag, t -> {
            created[0] = true;
            return new CopyOnWriteArrayList<>();
        });
        group.add(stats);
        if (created[0]) {
            publish(Figures.tenant(tag, group));
        }
        return stats;
    }

    private void publish(List<Series> s) {
        series.addAll(s);
        if (export != null) {
            export.register(s);
        }
    }

    /** A credential was refused (counted once per refusal, where the credential is checked). */
    public void authFailed(AuthFailure reason) {
        authFailures[reason.ordinal()].increment();
    }

    /** A WebSocket upgrade was refused with 429 (before any credential or tenant is known). */
    public void upgradeRateLimited() {
        upgradesRateLimited.increment();
    }

    /** The transactional outbox's relay appended {@code rows} of its table to the log (and deleted them). */
    public void outboxRelayed(int rows) {
        outboxRelayed.add(rows);
    }

    /** The rows in the transactional outbox's table (any node's), as this node's relay counted them last. */
    public void outboxPending(long rows) {
        outboxPending.set(rows);
    }

    long outboxRelayed() {
        return outboxRelayed.sum();
    }

    long outboxPending() {
        return outboxPending.get();
    }

    long authFailures(AuthFailure reason) {
        return authFailures[reason.ordinal()].sum();
    }

    long upgradesRateLimited() {
        return upgradesRateLimited.sum();
    }

    /** @return true when this application serves the Prometheus text itself ({@link #text()}): metrics on, no registry */
    public boolean servesText() {
        return enabled && export == null;
    }

    /** @return every figure in the Prometheus text format, read now (figures are not taken at one instant) */
    public String text() {
        return PrometheusText.render(series);
    }
}
