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
 * injects. The beans of the other backends are never created (the Redis ones with {@code local}, the Hazelcast ones
 * on a server that has no Hazelcast). Starts the backend with the application, so that readiness turns true once it
 * follows the cluster's log; a {@code hazelcast} backend that finds no Hazelcast fails the deployment there.
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
    EventLog log(Instance<MemoryEventLog> memory, Instance<RedisEventLog> redis, Instance<HazelcastEventLog> hazelcast) {
        return switch (settings.backend()) {
            case LOCAL -> memory.get();
            case REDIS -> redis.get();
            case HAZELCAST -> hazelcast.get();
        };
    }

    @Produces
    @ApplicationScoped
    Signals signals(Instance<RedisSignals> redis, Instance<HazelcastEventLog> hazelcast) {
        return switch (settings.backend()) {
            case LOCAL -> NO_OTHER_NODES;
            case REDIS -> redis.get();
            case HAZELCAST -> hazelcast.get();
        };
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Instance<StreamReader> reader,
               Instance<HazelcastEventLog> hazelcast) {
        switch (settings.backend()) {
            case LOCAL -> { }
            case REDIS -> {
                LOG.log(System.Logger.Level.INFO, "herald.cluster=redis: the event log is Redis at {0}", settings.safeUrl());
                reader.get().start();
            }
            case HAZELCAST -> hazelcast.get().start();
        }
    }
}
