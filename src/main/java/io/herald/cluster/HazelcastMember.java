package io.herald.cluster;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.topic.ITopic;
import io.herald.concurrency.ContainerThreads;
import io.herald.log.EventDraft;
import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LogUnavailableException;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's part in the cluster-wide log on Payara's embedded Hazelcast member (JNDI {@code payara/Hazelcast}); with
 * {@link HazelcastMemberEntries} (presence), the only classes that name Hazelcast types, loaded only with
 * {@code herald.cluster=hazelcast}.
 * <ul>
 * <li><b>Log:</b> one ringbuffer per tenant ({@code herald-events-<tenant>}, capacity {@code herald.replay.max-events},
 * one synchronous backup, oldest overwritten), in the same partition as the tenant's entry in the map
 * {@code herald-tenants} (tenant → epoch: the milliseconds at which the first node created it, agreed by
 * {@code putIfAbsent}). An event's id is {@code <epoch>-<ringbuffer sequence + 1>}: the same on every node; the ids
 * of a log lost with the whole cluster are of another epoch and are answered with a reset.</li>
 * <li><b>Fan-out:</b> a follower per tenant on every node, a chain of {@code readManyAsync} from the next sequence it
 * has not told delivery of (Hazelcast answers from the head when that one was overwritten: logged, those are lost
 * live on this node), each answer handled on this member's one thread, so a tenant's events reach the
 * {@link EventLog.Listener} in id order, once, one at a time. A node learns of a tenant that another node created
 * from the map's entry-added event and follows it from its first entry; the tenants known at start are followed from
 * their last entry on ({@link #listenedAfter}).</li>
 * <li><b>Signals:</b> the topic {@code herald-signals}, of {@code String[]{topic, tenant, subject}}; a node ignores
 * its own.</li>
 * </ul>
 * Items, map values and messages are JDK types only ({@link HashMap} of strings, {@code Long}, {@code String[]}), so
 * no node needs Herald's classes on Hazelcast's class path. Thread-safe.
 */
final class HazelcastMember {

    private static final System.Logger LOG = System.getLogger(HazelcastMember.class.getName());

    static final String RING_PREFIX = "herald-events-";
    static final String TENANTS = "herald-tenants";
    static final String SIGNALS = "herald-signals";
    /** Items per {@code readManyAsync}: Hazelcast's maximum. */
    static final int BATCH = 1000;
    private static final Duration BACKOFF_FIRST = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);
    private static final String STORE = "Hazelcast";

    private final HazelcastInstance hz;
    private final IMap<String, Long> tenants;
    private final ITopic<String[]> signals;
    /** The tenants' ringbuffers' capacity in this cluster (the first node's configuration wins). */
    private final int capacity;
    /** Items per {@code readManyAsync}: at most {@link #BATCH}, and at most the capacity (Hazelcast refuses more). */
    private final int batch;
    private final Duration timeout;
    private final Supplier<EventLog.Listener> listeners;
    private final Consumer<Signal> received;
    /** Runs every follower's answers and retries, one at a time. */
    private final ScheduledThreadPoolExecutor thread;
    private final PendingAppends pending = new PendingAppends();
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final Map<String, EventId> startedAt = new ConcurrentHashMap<>();
    private final AtomicInteger failing = new AtomicInteger();
    private final UUID tenantsListener;
    private final UUID signalsListener;
    private volatile boolean running = true;
    /** Read and written on {@link #thread} only. */
    private EventLog.Listener listener;

    HazelcastMember(HazelcastInstance hz, int capacity, Duration timeout, ManagedThreadFactory threads,
                    Supplier<EventLog.Listener> listeners, Consumer<Signal> received) {
        this.hz = hz;
        this.capacity = configureRings(capacity);
        this.batch = Math.min(BATCH, this.capacity);
        this.timeout = timeout;
        this.listeners = listeners;
        this.received = received;
        this.thread = ContainerThreads.timer(threads);
        // now, on the deploying thread: a managed thread made later from a Hazelcast thread has no application
        // context on Payara (CDI producers such as MicroProfile Telemetry's Tracer then fail in delivery)
        this.thread.prestartAllCoreThreads();
        tenants = hz.getMap(TENANTS);
        signals = hz.getTopic(SIGNALS);
        signalsListener = signals.addMessageListener(m -> {
            if (m.getPublishingMember() == null || !m.getPublishingMember().localMember()) {
                String[] signal = m.getMessageObject();
                thread.execute(() -> receive(signal)); // on the thread with the application's context
            }
        });
        // the listener before the walk: a tenant created meanwhile is seen by one or the other (follow is idempotent)
        tenantsListener = tenants.addEntryListener((EntryAddedListener<String, Long>) e ->
                follow(e.getKey(), e.getValue(), 0, true), true);
        for (Map.Entry<String, Long> t : tenants.entrySet()) {
            long tail = ring(t.getKey()).tailSequence();
            startedAt.putIfAbsent(t.getKey(), id(t.getValue(), tail));
            follow(t.getKey(), t.getValue(), tail + 1, false);
        }
    }

    /**
     * @throws IllegalStateException when the server has no running Hazelcast member at {@code payara/Hazelcast}
     */
    static HazelcastMember join(int capacity, Duration timeout, ManagedThreadFactory threads,
                                Supplier<EventLog.Listener> listeners, Consumer<Signal> received) {
        Object found;
        try {
            found = InitialContext.doLookup(HazelcastEventLog.JNDI);
        } catch (NamingException e) {
            throw HazelcastEventLog.absent("nothing is bound at " + HazelcastEventLog.JNDI + " (" + e + ")");
        }
        if (!(found instanceof HazelcastInstance hz)) {
            throw HazelcastEventLog.absent(HazelcastEventLog.JNDI + " holds " + (found == null ? "null" : found.getClass().getName()));
        }
        if (!hz.getLifecycleService().isRunning()) {
            throw HazelcastEventLog.absent("Payara's Hazelcast member is not running");
        }
        return new HazelcastMember(hz, capacity, timeout, threads, listeners, received);
    }

    /**
     * Every node asks for the same configuration; Hazelcast keeps the first and refuses a different one.
     *
     * @return the capacity in force
     */
    private int configureRings(int wanted) {
        RingbufferConfig config = new RingbufferConfig(RING_PREFIX + "*").setCapacity(wanted)
                .setBackupCount(1).setAsyncBackupCount(0).setTimeToLiveSeconds(0);
        try {
            hz.getConfig().addRingBufferConfig(config);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the tenants' ringbuffers keep the configuration another node gave them, "
                    + "not capacity " + wanted + " (herald.replay.max-events): " + e.getMessage());
        }
        return hz.getConfig().getRingbufferConfig(RING_PREFIX + "capacity").getCapacity();
    }

    /** The tenant's ringbuffer, in the partition of its entry in the tenants map ({@code name@partition-key}). */
    private Ringbuffer<HashMap<String, String>> ring(String tenant) {
        return hz.getRingbuffer(RING_PREFIX + tenant + "@" + tenant);
    }

    /** @return the id of the ringbuffer's {@code sequence} (-1: the id before the first) */
    private static EventId id(long epoch, long sequence) {
        return new EventId(epoch, sequence + 1);
    }

    /** The cluster-wide member table on this member (presence, {@code herald.cluster=hazelcast}). */
    HazelcastMemberEntries memberEntries(ManagedThreadFactory threads, io.herald.presence.Presence.Changes told) {
        return new HazelcastMemberEntries(hz, timeout, threads, told);
    }

    int tenants() {
        return followers.size();
    }

    CompletionStage<EventLog.Appended> append(EventDraft d) {
        if (!available()) {
            return CompletableFuture.failedFuture(new LogUnavailableException("the event log (Hazelcast) is unusable; retry later"));
        }
        CompletableFuture<EventLog.Appended> told = new CompletableFuture<>();
        String origin = pending.expect(told, System.nanoTime());
        try {
            follower(d.tenant()).ring.addAsync(LogEntries.of(d, origin), OverflowPolicy.OVERWRITE).whenComplete((seq, failure) -> {
                if (failure != null) {
                    PendingAppends.refused(told, STORE, failure);
                }
            });
        } catch (RuntimeException e) {
            PendingAppends.refused(told, STORE, e);
        }
        return pending.awaited(origin, told, timeout, STORE);
    }

    /**
     * The tenant's follower; for a tenant new to this node, registers it in the tenants map first (one blocking
     * {@code putIfAbsent} per tenant and node lifetime) and follows it from its first entry.
     */
    private Follower follower(String tenant) {
        Follower f = followers.get(tenant);
        if (f != null) {
            return f;
        }
        long mine = System.currentTimeMillis();
        Long epoch = tenants.putIfAbsent(tenant, mine);
        return follow(tenant, epoch == null ? mine : epoch, 0, true);
    }

    /** @return the tenant's follower, started here from {@code next} unless one followed the tenant already */
    private Follower follow(String tenant, long epoch, long next, boolean fromFirst) {
        Follower f = followers.get(tenant);
        if (f != null) {
            return f;
        }
        Follower mine = new Follower(tenant, epoch, next, fromFirst);
        Follower had = followers.putIfAbsent(tenant, mine);
        if (had != null) {
            return had;
        }
        thread.execute(mine::read);
        return mine;
    }

    EventId head(String tenant) {
        Follower f = followers.get(tenant);
        return f == null ? EventId.ZERO : f.told;
    }

    EventId listenedAfter(String tenant) {
        return startedAt.get(tenant);
    }

    /** @return false while the member is not running, the cluster refuses operations, or a follower cannot read */
    boolean available() {
        if (!running || !hz.getLifecycleService().isRunning() || failing.get() > 0) {
            return false;
        }
        ClusterState state = hz.getCluster().getClusterState();
        return state != ClusterState.PASSIVE && state != ClusterState.IN_TRANSITION;
    }

    /**
     * The kept events after {@code since}, read in batches up to the tail; a reset when the ringbuffer overwrote the
     * event after it, when it is of another epoch or beyond the tail, or when Hazelcast does not answer in time.
     * {@code 0-0} asks for everything from the start.
     */
    Replay since(String tenant, EventId since) {
        Follower f = followers.get(tenant);
        Long epoch = f != null ? Long.valueOf(f.epoch) : tenantEpoch(tenant);
        if (epoch == null) { // no node ever logged an event of this tenant, in this cluster's lifetime
            return since.equals(EventId.ZERO) ? new Replay.Events(List.of()) : new Replay.Reset(since.toString(), null);
        }
        EventId from = since.equals(EventId.ZERO) ? id(epoch, -1) : since;
        if (from.epoch() != epoch) {
            return new Replay.Reset(since.toString(), null);
        }
        Ringbuffer<HashMap<String, String>> ring = ring(tenant);
        long next = from.sequence(); // the ringbuffer sequence of the event after `from`
        long now = System.nanoTime();
        return LogEntries.readOrReset(since, () -> read(tenant, ring, epoch, since, next, now));
    }

    private Replay read(String tenant, Ringbuffer<HashMap<String, String>> ring, long epoch, EventId since, long next,
                        long now) throws Exception {
        List<LoggedEvent> events = new ArrayList<>();
        for (int batches = 0; batches <= capacity / batch + 1; batches++) {
            ReadResultSet<HashMap<String, String>> r = ring.readManyAsync(next, 0, batch, null)
                    .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.size() > 0 && r.getSequence(0) > next) { // Hazelcast reads from the head when `next` was overwritten
                return new Replay.Reset(since.toString(), id(epoch, r.getSequence(0)).toString());
            }
            if (r.size() == 0 && batches == 0 && next > ring.tailSequence() + 1) { // not an id of this ringbuffer
                return new Replay.Reset(since.toString(), null);
            }
            for (int i = 0; i < r.size(); i++) {
                events.add(LogEntries.event(tenant, id(epoch, r.getSequence(i)), r.get(i), now));
            }
            next = r.getNextSequenceToReadFrom();
            if (r.readCount() < batch) {
                break;
            }
        }
        return new Replay.Events(events);
    }

    private Long tenantEpoch(String tenant) {
        try {
            return tenants.getAsync(tenant).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void toOtherNodes(Signal s) {
        try {
            signals.publishAsync(new String[]{s.topic(), s.tenant(), s.subject()}).whenComplete((x, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "signal {0} not sent to the other nodes: {1}", s.topic(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "signal {0} not sent to the other nodes: {1}", s.topic(), e.toString());
        }
    }

    private void receive(String[] m) {
        try {
            received.accept(new Signal(m[0], m[1], m[2]));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "signal not handled: " + e);
        }
    }

    /** Stops following; the member itself is Payara's and goes on. Reads still parked in the cluster end unanswered. */
    void leave() {
        running = false;
        try {
            tenants.removeEntryListener(tenantsListener);
            signals.removeMessageListener(signalsListener);
        } catch (RuntimeException e) {
            // the member is shutting down too
        }
        thread.shutdownNow();
    }

    private EventLog.Listener listener() {
        if (listener == null) {
            listener = listeners.get();
        }
        return listener;
    }

    /**
     * One tenant's reader on this node: one {@code readManyAsync} outstanding at a time, waiting for at least one item
     * (a parked operation in the member that owns the ringbuffer); the answer is told on {@link #thread}, then the
     * next read goes out. Fields other than {@link #told} are confined to that thread.
     */
    private final class Follower {
        final String tenant;
        final long epoch;
        final Ringbuffer<HashMap<String, String>> ring;
        /** The last id told to delivery (or the one before where following started). */
        volatile EventId told;
        private long next;
        private boolean fromFirst;
        private Duration backoff = BACKOFF_FIRST;
        private boolean failed;

        Follower(String tenant, long epoch, long next, boolean fromFirst) {
            this.tenant = tenant;
            this.epoch = epoch;
            this.ring = ring(tenant);
            this.next = next;
            this.fromFirst = fromFirst;
            this.told = id(epoch, next - 1);
        }

        void read() {
            if (!running) {
                return;
            }
            try {
                ring.readManyAsync(next, 1, batch, null).whenCompleteAsync(this::tell, thread);
            } catch (RuntimeException e) {
                retry(e);
            }
        }

        private void tell(ReadResultSet<HashMap<String, String>> read, Throwable failure) {
            if (!running) {
                return;
            }
            if (failure != null) {
                retry(PendingAppends.rootOf(failure));
                return;
            }
            if (read.size() > 0 && read.getSequence(0) > next && !fromFirst) { // Hazelcast skipped to the head
                LOG.log(System.Logger.Level.WARNING, "tenant {0}: events {1} to {2} were overwritten in Hazelcast before "
                        + "this node delivered them (its sessions that resume get reset)", tenant,
                        id(epoch, next), id(epoch, read.getSequence(0) - 1));
            }
            for (int i = 0; i < read.size(); i++) {
                HashMap<String, String> body = read.get(i);
                PendingAppends.Expected waiting = pending.take(body.get(LogEntries.ORIGIN));
                LoggedEvent event = LogEntries.event(tenant, id(epoch, read.getSequence(i)), body,
                        waiting == null ? System.nanoTime() : waiting.published());
                PendingAppends.tell(listener(), event, waiting, at -> told = at);
            }
            next = read.getNextSequenceToReadFrom();
            fromFirst = false;
            if (failed) {
                failed = false;
                backoff = BACKOFF_FIRST;
                failing.decrementAndGet();
                LOG.log(System.Logger.Level.INFO, "following the event log of tenant {0} in Hazelcast again", tenant);
            }
            read();
        }

        private void retry(Throwable cause) {
            if (!failed) {
                failed = true;
                failing.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "cannot read the event log of tenant " + tenant + " in Hazelcast: "
                        + cause + "; retrying with backoff up to " + BACKOFF_MAX);
            }
            try {
                thread.schedule(this::read, backoff.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException stopped) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        }
    }
}
