package io.herald.cluster;

import io.herald.concurrency.ContainerThreads;
import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LoggedEvent;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's follower of every tenant's Redis Stream: one thread, one blocking {@code XREAD} over all of them (and
 * over the stream announcing new tenants, so a tenant's first event wakes it at once), from the last id it told
 * delivery of per tenant. It tells the {@link EventLog.Listener} of each entry in stream order, once, whichever node
 * appended it, and completes the append of those this node appended ({@link #pending}). After an outage it goes on
 * from the same ids, so a node misses nothing Redis still keeps.
 * <p>
 * At start it follows the tenants Redis knows from their last entry on ({@link #listenedAfter}: what was kept before
 * is replayed to resuming sessions, never told live); a tenant that appears later is followed from its first entry.
 * Threads: the reader thread alone reads Redis and writes the positions; {@link #head} and {@link #pending} from any
 * thread.
 */
@ApplicationScoped
public class StreamReader {

    private static final System.Logger LOG = System.getLogger(StreamReader.class.getName());

    /** How long one XREAD waits for new entries; also bounds how long a stop waits for the thread. */
    static final Duration BLOCK = Duration.ofSeconds(1);
    /** Entries per stream per XREAD. */
    static final int BATCH = 1000;
    private static final Duration BACKOFF_FIRST = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    @Inject
    ClusterSettings settings;

    @Inject
    RedisConnections redis;

    @Inject
    RedisSignals signals;

    @Inject
    RedisMemberTable members;

    @Inject
    Instance<EventLog.Listener> listeners;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    private final PendingAppends pending = new PendingAppends();
    /** Per tenant: the last id told to the listener (or where following started). */
    private final Map<String, EventId> told = new ConcurrentHashMap<>();
    private final Map<String, EventId> startedAt = new ConcurrentHashMap<>();
    private EventId newTenantsAt = EventId.ZERO;
    private volatile boolean following;
    private volatile boolean running;
    private volatile boolean failing;
    private Thread thread;
    private EventLog.Listener listener;

    /** @return this node's name in Redis (random per start) */
    String node() {
        return pending.node();
    }

    /** @return this node's appends waiting for the reader to read their entries back */
    PendingAppends pending() {
        return pending;
    }

    synchronized void start() {
        if (thread == null) {
            running = true;
            if (threads == null) {
                threads = ContainerThreads.factory();
            }
            thread = threads.newThread(this::run);
            thread.setName("herald-redis-reader");
            thread.start();
        }
    }

    /** @return true while this node follows the streams (connected, positions known) */
    boolean following() {
        return following && redis.up();
    }

    EventId head(String tenant) {
        return told.getOrDefault(tenant, EventId.ZERO);
    }

    EventId listenedAfter(String tenant) {
        return startedAt.get(tenant);
    }

    private void run() {
        Duration backoff = BACKOFF_FIRST;
        while (running) {
            try {
                redis.connect(p -> {
                    signals.subscribe(p);
                    members.subscribe(p);
                });
                if (!following) {
                    startFollowing(redis.reader().sync());
                }
                read(redis.reader().sync());
                if (failing) {
                    failing = false;
                    LOG.log(System.Logger.Level.INFO, "following the event streams in Redis again");
                }
                backoff = BACKOFF_FIRST;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!failing) {
                    failing = true;
                    LOG.log(System.Logger.Level.WARNING, "cannot read the event streams in Redis (" + settings.safeUrl() + "): " + e + "; retrying with backoff up to " + BACKOFF_MAX);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
            }
        }
    }

    /** The announcements' position first, then the tenants: a tenant announced in between is seen either way. */
    private void startFollowing(RedisCommands<String, String> sync) {
        newTenantsAt = last(sync, settings.newTenantsKey());
        for (String tenant : sync.smembers(settings.tenantsKey())) {
            EventId last = last(sync, settings.streamKey(tenant));
            told.putIfAbsent(tenant, last);
            startedAt.putIfAbsent(tenant, last);
        }
        following = true;
        LOG.log(System.Logger.Level.INFO, "following the event streams of {0} tenants in Redis (node {1})", told.size(), pending.node());
    }

    private static EventId last(RedisCommands<String, String> sync, String key) {
        List<StreamMessage<String, String>> last = sync.xrevrange(key, Range.unbounded(), Limit.from(1));
        return last.isEmpty() ? EventId.ZERO : EventId.parse(last.get(0).getId());
    }

    @SuppressWarnings("unchecked")
    private void read(RedisCommands<String, String> sync) {
        List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>(told.size() + 1);
        offsets.add(XReadArgs.StreamOffset.from(settings.newTenantsKey(), newTenantsAt.toString()));
        told.forEach((tenant, id) -> offsets.add(XReadArgs.StreamOffset.from(settings.streamKey(tenant), id.toString())));
        List<StreamMessage<String, String>> read = sync.xread(XReadArgs.Builder.block(BLOCK).count(BATCH),
                offsets.toArray(XReadArgs.StreamOffset[]::new));
        for (StreamMessage<String, String> m : read) {
            if (m.getStream().equals(settings.newTenantsKey())) {
                newTenantsAt = EventId.parse(m.getId());
                told.putIfAbsent(m.getBody().get(RedisEventLog.TENANT), EventId.ZERO); // followed from its first entry
            } else {
                tell(settings.tenantOf(m.getStream()), m);
            }
        }
    }

    private void tell(String tenant, StreamMessage<String, String> m) {
        EventId id = EventId.parse(m.getId());
        Map<String, String> body = m.getBody();
        PendingAppends.Expected waiting = pending.take(body.get(LogEntries.ORIGIN));
        LoggedEvent event = LogEntries.event(tenant, id, body, waiting == null ? System.nanoTime() : waiting.published());
        PendingAppends.tell(listener(), event, waiting, at -> told.put(tenant, at));
    }

    private EventLog.Listener listener() {
        if (listener == null) {
            listener = listeners.get();
        }
        return listener;
    }

    @PreDestroy
    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(BLOCK.multipliedBy(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
