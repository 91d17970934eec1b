package io.herald.presence;

import io.herald.concurrency.ContainerThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * {@link Presence} across the nodes of a cluster, over a backend's {@link MemberTable} (chosen by {@code cluster}).
 * What this node does: it orders the calls of each connection (a lock per stripe of tenant and user, held across the
 * table's atomic step, so a close never overtakes the join it follows); it keeps its own entries, so that it can put
 * them back when the backend lost them (its lease ran out during an outage, or a call failed); it renews its lease
 * every third of {@code herald.presence.lease} with a deadline of two thirds of it, sweeps every sixth of it (other
 * nodes' expired entries, due pending leaves), and runs each of its pending leaves when its grace passes. When it is
 * destroyed (an undeploy) it releases its entries with the grace, so clients that reconnect to another node do not
 * flap; where no {@code @PreDestroy} runs (a crash, Payara Micro's SIGTERM) they expire with the lease.
 * <p>
 * While the backend cannot be reached, changes are not shared (logged once, put back on the next renewal that
 * succeeds) and {@link #members} throws {@link Presence.Unavailable}. Thread-safe. {@link #start} once, by the
 * backend's chooser; timers run on one thread of Herald's own.
 */
@ApplicationScoped
@Typed(SharedPresence.class)
public class SharedPresence implements Presence {

    private static final System.Logger LOG = System.getLogger(SharedPresence.class.getName());
    private static final int STRIPES = 64;
    private static final Duration MIN_SWEEP = Duration.ofMillis(200);

    @Inject
    MemberTable table;

    @Inject
    PresenceSettings settings;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** This node's entries, as they should be in the table: what a resync puts back. Written under the entry's stripe. */
    private final Map<MemberTable.Entry, JsonObject> own = new ConcurrentHashMap<>();
    /** A call failed: the table may differ from {@link #own} until a resync. */
    private volatile boolean dirty;
    private volatile boolean failing;
    /** A renewal succeeded once: before it, a failure is the backend's connection still being made at start. */
    private volatile boolean renewedOnce;
    private volatile ScheduledThreadPoolExecutor timer;

    public SharedPresence() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Starts renewing and sweeping; idempotent. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        timer = ContainerThreads.timer(threads);
        long lease = settings.lease().toMillis();
        timer.scheduleWithFixedDelay(this::renew, 0, lease / 3, TimeUnit.MILLISECONDS);
        long sweep = Math.max(MIN_SWEEP.toMillis(), lease / 6);
        timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            table.release(settings.grace());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "presence entries of this node not released (they expire with its lease): " + e);
        }
    }

    @Override
    public void enter(String tenant, String scope, String user, String connection, JsonObject meta, BooleanSupplier current) {
        MemberTable.Entry e = new MemberTable.Entry(tenant, scope, user, connection);
        ReentrantLock lock = stripe(e);
        lock.lock();
        try {
            if (!current.getAsBoolean()) {
                return;
            }
            JsonObject m = meta == null ? JsonValue.EMPTY_JSON_OBJECT : meta;
            own.put(e, m);
            if (table.add(e, m) == MemberTable.Added.NO_LEASE) {
                dirty = true;
                renewSoon(); // on the timer (it takes every stripe): puts this node's entries back, this one included
            }
        } catch (RuntimeException failure) {
            failed(failure);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void exit(String tenant, String scope, String user, String connection, Duration grace) {
        MemberTable.Entry e = new MemberTable.Entry(tenant, scope, user, connection);
        ReentrantLock lock = stripe(e);
        lock.lock();
        try {
            if (own.remove(e) == null) {
                return;
            }
            if (table.remove(e, grace) && timer != null) {
                timer.schedule(this::expireDue, grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException failure) {
            failed(failure);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Member> members(String tenant, String scope) {
        return table.members(tenant, scope);
    }

    /** Renews the lease; puts this node's entries back when the table lost them or may differ (all stripes held). */
    synchronized void renew() {
        try {
            boolean held = table.renew(settings.lease().multipliedBy(2).dividedBy(3));
            if (!held || dirty) {
                for (ReentrantLock l : stripes) {
                    l.lock();
                }
                try {
                    dirty = false;
                    table.resync(Map.copyOf(own), settings.grace());
                } finally {
                    for (ReentrantLock l : stripes) {
                        l.unlock();
                    }
                }
                if (!own.isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "presence: {0} entries of this node put back in the cluster's table", own.size());
                }
            }
            renewedOnce = true;
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "presence is shared across the nodes again");
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Not under this object's monitor: the caller holds a stripe, and {@link #renew} takes the monitor, then every stripe. */
    private void renewSoon() {
        if (timer != null) {
            timer.execute(this::renew);
        }
    }

    private void sweep() {
        try {
            table.sweep();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void expireDue() {
        try {
            table.expireDue();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        dirty = true;
        if (!failing && renewedOnce) {
            failing = true;
            LOG.log(System.Logger.Level.WARNING, "presence not shared across the nodes for now (put back once the backend answers): " + e);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "presence not shared yet: " + e);
        }
    }

    private ReentrantLock stripe(MemberTable.Entry e) {
        return stripes[Math.floorMod(31 * e.tenant().hashCode() + e.user().hashCode(), STRIPES)];
    }
}
