package io.herald.cluster;

import io.herald.log.EventLog;
import io.herald.log.MemoryEventLog;
import io.herald.presence.LocalPresence;
import io.herald.presence.MemberTable;
import io.herald.presence.Presence;
import io.herald.presence.SharedPresence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Chooses the backend by {@code herald.cluster}: the {@link EventLog}, the {@link Signals} and the {@link Presence}
 * every other component injects ({@code local}: {@link LocalPresence}; {@code redis}: {@link SharedPresence} over
 * {@link RedisMemberTable}). The Redis beans are never created with {@code local}. Starts the stream reader with the
 * application, so that readiness turns true once it follows the streams, and the shared presence's lease.
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

    @Produces
    @ApplicationScoped
    Presence presence(Instance<LocalPresence> local, Instance<SharedPresence> shared) {
        return settings.redis() ? shared.get() : local.get();
    }

    /** The cluster-wide member table under {@link SharedPresence}: only asked for when the backend is not local. */
    @Produces
    @ApplicationScoped
    MemberTable members(Instance<RedisMemberTable> redis) {
        return redis.get();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Instance<StreamReader> reader,
               Instance<SharedPresence> presence) {
        if (settings.redis()) {
            LOG.log(System.Logger.Level.INFO, "herald.cluster=redis: the event log and presence are Redis at {0}",
                    settings.safeUrl());
            reader.get().start();
            presence.get().start(); // renews and sweeps even while no client of this node is in a room
        }
    }
}
