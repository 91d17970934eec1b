package io.herald.cluster;

import io.herald.concurrency.ContainerThreads;
import io.herald.log.EventDraft;
import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LogUnavailableException;
import io.herald.log.Replay;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The cluster-wide event log and signals on Payara's embedded Hazelcast ({@code herald.cluster=hazelcast}): the CDI
 * face of {@link HazelcastMember}, which does the work. This class names no Hazelcast type, so that CDI can read it
 * on a server without Hazelcast (WildFly); {@link #start} finds the member there, and fails the deployment with the
 * reason when the server has none. Thread-safe.
 */
@ApplicationScoped
@Typed(HazelcastEventLog.class)
public class HazelcastEventLog implements EventLog, Signals {

    private static final System.Logger LOG = System.getLogger(HazelcastEventLog.class.getName());

    /** Where Payara binds its Hazelcast member. */
    static final String JNDI = "payara/Hazelcast";

    @Inject
    ClusterSettings settings;

    @Inject
    Instance<EventLog.Listener> listeners;

    @Inject
    Event<Signal> received;

    private volatile HazelcastMember member;

    /**
     * Joins the tenants' logs and the signals topic, from the deploying thread.
     *
     * @throws IllegalStateException when this server has no Hazelcast (WildFly; Payara Micro with {@code --nohazelcast}):
     *                               the deployment fails with that reason
     */
    synchronized void start() {
        if (member != null) {
            return;
        }
        try {
            member = HazelcastMember.join(settings.maxEvents(), settings.hazelcastTimeout(), ContainerThreads.factory(),
                    () -> listeners.get(), received::fire);
        } catch (LinkageError e) { // no com.hazelcast classes on this server
            throw absent("the server has no Hazelcast classes (" + e + ")");
        }
        LOG.log(System.Logger.Level.INFO, "herald.cluster=hazelcast: following the event log of {0} tenants", member.tenants());
    }

    /**
     * Why the deployment fails: a line that says what is missing and what to do. Here, not in {@link HazelcastMember}:
     * that class cannot load where Hazelcast's classes are missing.
     */
    static IllegalStateException absent(String why) {
        return new IllegalStateException("herald.cluster=hazelcast needs Payara's embedded Hazelcast (JNDI "
                + JNDI + "), but " + why + ". Run Herald on Payara (Payara Micro without --nohazelcast; "
                + "--clustermode tcpip:host:port,... where multicast does not work), or set herald.cluster to redis or local");
    }

    @Override
    public CompletionStage<Appended> append(EventDraft draft) {
        HazelcastMember m = member;
        return m == null ? CompletableFuture.failedFuture(new LogUnavailableException("the event log (Hazelcast) is not started yet"))
                : m.append(draft);
    }

    @Override
    public EventId head(String tenant) {
        HazelcastMember m = member;
        return m == null ? EventId.ZERO : m.head(tenant);
    }

    @Override
    public EventId listenedAfter(String tenant) {
        HazelcastMember m = member;
        return m == null ? null : m.listenedAfter(tenant);
    }

    @Override
    public boolean available() {
        HazelcastMember m = member;
        return m != null && m.available();
    }

    @Override
    public Replay since(String tenant, EventId since) {
        HazelcastMember m = member;
        return m == null ? new Replay.Reset(since.toString(), null) : m.since(tenant, since);
    }

    @Override
    public void toOtherNodes(Signal signal) {
        HazelcastMember m = member;
        if (m != null) {
            m.toOtherNodes(signal);
        }
    }

    /**
     * @return the member table on the member this log joined ({@link #start} first)
     * @throws IllegalStateException when not started
     */
    HazelcastMemberEntries memberEntries(jakarta.enterprise.concurrent.ManagedThreadFactory threads, io.herald.presence.Presence.Changes told) {
        HazelcastMember m = member;
        if (m == null) {
            throw new IllegalStateException("the Hazelcast backend is not started");
        }
        return m.memberEntries(threads, told);
    }

    @PreDestroy
    synchronized void stop() {
        if (member != null) {
            member.leave();
        }
    }
}
