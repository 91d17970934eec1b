package io.herald.cluster;

import io.herald.log.EventLog;
import io.herald.log.MemoryEventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Chooses the backend by {@code herald.cluster}: the {@link EventLog} and the {@link Signals} every other component
 * injects. The Redis beans are never created with {@code local}. Starts the stream reader with the application, so
 * that readiness turns true once it follows the streams.
 */
@ApplicationScoped
public class Backends {

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    /** The single node has no other node to signal. */
    private static final Signals NO_OTHER_NODES = s -> { };

    @Inject
    ClusterSettings settings;

    @Produces
    @ApplicationScoped
    EventLog log(Instance<MemoryEventLog> memory, Instance<RedisEventLog> redis) {
        return settings.redis() ? redis.get() : memory.get();
    }

    @Produces
    @ApplicationScoped
    Signals signals(Instance<RedisSignals> redis) {
        return settings.redis() ? redis.get() : NO_OTHER_NODES;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Instance<StreamReader> reader) {
        if (settings.redis()) {
            LOG.log(System.Logger.Level.INFO, "herald.cluster=redis: the event log is Redis at {0}",
                    settings.safeUrl());
            reader.get().start();
        }
    }
}
