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
 * every other component injects ({@code local}: {@link LocalPresence}, one node; {@code redis}: {@link SharedPresence}
 * over {@link RedisMemberTable}; {@code hazelcast}: {@link SharedPresence} over {@link HazelcastMemberTable}). The beans of the other backends are never created (the Redis
 * ones with {@code local}, the Hazelcast ones on a server that has no Hazelcast). Starts the backend with the
 * application, so that readiness turns true once it follows the cluster's log (and, on Redis, the shared presence's
 * lease, on Hazelcast its member table); a {@code hazelcast} backend that finds no Hazelcast fails the deployment there.
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

    @Produces
    @ApplicationScoped
    Presence presence(Instance<LocalPresence> local, Instance<SharedPresence> shared) {
        return settings.backend() == ClusterSettings.Backend.LOCAL ? local.get() : shared.get();
    }

    /** The cluster-wide member table under {@link SharedPresence}: never asked for with {@code local}. */
    @Produces
    @ApplicationScoped
    MemberTable members(Instance<RedisMemberTable> redis, Instance<HazelcastMemberTable> hazelcast) {
        return settings.backend() == ClusterSettings.Backend.HAZELCAST ? hazelcast.get() : redis.get();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Instance<StreamReader> reader,
               Instance<HazelcastEventLog> hazelcast, Instance<HazelcastMemberTable> hazelcastMembers,
               Instance<SharedPresence> presence) {
        switch (settings.backend()) {
            case LOCAL -> { }
            case REDIS -> {
                LOG.log(System.Logger.Level.INFO, "herald.cluster=redis: the event log and presence are Redis at {0}",
                        settings.safeUrl());
                reader.get().start();
                presence.get().start(); // renews and sweeps even while no client of this node is in a room
            }
            case HAZELCAST -> {
                hazelcast.get().start();
                hazelcastMembers.get().start(); // here: its thread made on the deploying thread (see HazelcastMember)
                presence.get().start();
            }
        }
    }
}
