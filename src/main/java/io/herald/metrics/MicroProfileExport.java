package io.herald.metrics;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The export to MicroProfile Metrics (Payara: {@code /metrics?scope=application}): every series becomes a gauge
 * under its own name with absolute naming, reading Herald's counters at scrape time (MicroProfile Metrics 5 has no
 * function counter; the names keep their {@code _total}). Loaded only after {@link HeraldMetrics} found the API
 * class: on a server without MicroProfile Metrics (WildFly 39) this class is never touched. Thread-safe.
 */
final class MicroProfileExport implements Export {

    private static final System.Logger LOG = System.getLogger(MicroProfileExport.class.getName());

    private final MetricRegistry registry;
    private final Queue<MetricID> registered = new ConcurrentLinkedQueue<>();

    private MicroProfileExport(MetricRegistry registry) {
        this.registry = registry;
    }

    /** @return the export to the application registry, or null when the server offers none as a CDI bean */
    static Export find() {
        List<String> seen = new ArrayList<>();
        try {
            // the server may offer several registries (base, vendor, application), and producers that need an
            // injection point (Payara's for @RegistryScope) fail on a programmatic lookup: try each, keep the
            // application one
            for (Instance.Handle<MetricRegistry> h : CDI.current().select(MetricRegistry.class, Any.Literal.INSTANCE).handles()) {
                try {
                    MetricRegistry r = h.get();
                    if (MetricRegistry.APPLICATION_SCOPE.equals(r.getScope())) {
                        return new MicroProfileExport(r);
                    }
                    seen.add(r.getScope());
                } catch (RuntimeException e) {
                    seen.add(e.toString());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            seen.add(e.toString());
        }
        LOG.log(System.Logger.Level.INFO, "no MicroProfile Metrics application registry: {0}", seen);
        return null;
    }

    @Override
    public void register(List<Series> series) {
        for (Series s : series) {
            Tag[] tags = new Tag[s.tags().size() / 2];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = new Tag(s.tags().get(2 * i), s.tags().get(2 * i + 1));
            }
            MetricID id = new MetricID(s.name(), tags);
            registry.remove(id); // a gauge left by an earlier deployment would read its counters
            registry.gauge(Metadata.builder().withName(s.name()).withDescription(s.help()).build(),
                    () -> s.value().getAsDouble(), tags);
            registered.add(id);
        }
    }

    @Override
    public void close() {
        for (MetricID id; (id = registered.poll()) != null; ) {
            registry.remove(id);
        }
    }
}
