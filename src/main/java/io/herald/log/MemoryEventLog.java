package io.herald.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single-node event log: a ring per tenant, bounded by count ({@code herald.replay.max-events}) and age
 * ({@code herald.replay.max-age}). Its epoch is this log's creation time, so ids from before a restart are answered
 * with a reset rather than misread. Appends always succeed: the returned stage is complete when {@link #append}
 * returns, unless another thread is telling the listener of this tenant's earlier events, in which case that thread
 * tells it of this one too, in order, moments later.
 * <p>
 * Threads: each ring is guarded by its own monitor, held only to assign an id and keep the event (no encoding, no
 * listener call under it). The listener is told by whichever appending thread finds nobody else doing it (a
 * work-in-progress counter per tenant), so events of one tenant reach it one at a time, in id order.
 */
@ApplicationScoped
@Typed(MemoryEventLog.class) // the EventLog in use is chosen by cluster.Backends (herald.cluster)
public class MemoryEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(MemoryEventLog.class.getName());

    @Inject
    @ConfigProperty(name = "herald.replay.max-events", defaultValue = "10000")
    int maxEvents;

    @Inject
    @ConfigProperty(name = "herald.replay.max-age", defaultValue = "PT5M")
    Duration maxAge;

    @Inject
    Instance<Listener> listeners;

    private final long epoch = System.currentTimeMillis();
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private volatile Listener listener;
    private Clock clock = Clock.systemUTC();

    /** For tests of the pure logic. */
    static MemoryEventLog of(int maxEvents, Duration maxAge, Clock clock, Listener listener) {
        MemoryEventLog log = new MemoryEventLog();
        log.maxEvents = maxEvents;
        log.maxAge = maxAge;
        log.clock = clock;
        log.listener = listener;
        return log;
    }

    @Override
    public CompletionStage<Appended> append(EventDraft draft) {
        Ring ring = ring(draft.tenant());
        CompletableFuture<Appended> appended = new CompletableFuture<>();
        long published = System.nanoTime(); // outside the ring's lock: the start of the delivery latency
        synchronized (ring) {
            long now = clock.millis();
            LoggedEvent event = new LoggedEvent(new EventId(epoch, ++ring.lastSequence), draft, now, published);
            ring.add(event, maxEvents);
            ring.evict(maxEvents, now - maxAge.toMillis());
            ring.untold.addLast(new Untold(event, appended));
        }
        tell(ring);
        return appended;
    }

    /** Tells the listener of the ring's untold events in order, unless another thread is doing so already. */
    private void tell(Ring ring) {
        if (ring.telling.getAndIncrement() != 0) {
            return;
        }
        Listener l = listener();
        int missed = 1;
        do {
            for (Untold next = ring.nextUntold(); next != null; next = ring.nextUntold()) {
                try {
                    next.appended.complete(new Appended(next.event, l.appended(next.event)));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "delivery of event " + next.event.id() + " failed", e);
                    next.appended.completeExceptionally(e);
                }
            }
            missed = ring.telling.addAndGet(-missed);
        } while (missed != 0);
    }

    private Listener listener() {
        Listener l = listener;
        if (l == null) {
            listener = l = listeners.get();
        }
        return l;
    }

    @Override
    public EventId head(String tenant) {
        Ring ring = ring(tenant);
        synchronized (ring) {
            return new EventId(epoch, ring.lastSequence);
        }
    }

    @Override
    public Replay since(String tenant, EventId since) {
        Ring ring = ring(tenant);
        synchronized (ring) {
            ring.evict(maxEvents, clock.millis() - maxAge.toMillis());
            long oldestKept = ring.size == 0 ? ring.lastSequence + 1 : ring.get(0).id().sequence();
            boolean sameStream = since.epoch() == epoch && since.sequence() <= ring.lastSequence;
            if (!sameStream || since.sequence() + 1 < oldestKept) {
                return new Replay.Reset(since.toString(), ring.size == 0 ? null : ring.get(0).id().toString());
            }
            int from = (int) (since.sequence() + 1 - oldestKept);
            List<LoggedEvent> after = new ArrayList<>(ring.size - from);
            for (int i = from; i < ring.size; i++) {
                after.add(ring.get(i));
            }
            return new Replay.Events(after);
        }
    }

    private Ring ring(String tenant) {
        return rings.computeIfAbsent(tenant, t -> new Ring());
    }

    private record Untold(LoggedEvent event, CompletableFuture<Appended> appended) {
    }

    /**
     * One tenant's kept events: consecutive sequences in a circular array that grows on demand up to the count bound
     * (most tenants keep few events), so the events after an id are found by subtraction, not by a scan.
     * Guarded by its own monitor, except {@link #telling}.
     */
    private static final class Ring {
        private LoggedEvent[] slots = new LoggedEvent[16];
        private int head;
        int size;
        long lastSequence;
        final ArrayDeque<Untold> untold = new ArrayDeque<>(4);
        final AtomicInteger telling = new AtomicInteger();

        LoggedEvent get(int i) {
            return slots[(head + i) % slots.length];
        }

        void add(LoggedEvent e, int maxEvents) {
            if (size == slots.length) {
                if (slots.length < maxEvents) {
                    grow(Math.min(maxEvents, slots.length * 2));
                } else {
                    removeFirst();
                }
            }
            slots[(head + size) % slots.length] = e;
            size++;
        }

        void evict(int maxEvents, long notBefore) {
            while (size > 0 && (size > maxEvents || get(0).at() < notBefore)) {
                removeFirst();
            }
        }

        synchronized Untold nextUntold() {
            return untold.pollFirst();
        }

        private void removeFirst() {
            slots[head] = null;
            head = (head + 1) % slots.length;
            size--;
        }

        private void grow(int capacity) {
            LoggedEvent[] next = new LoggedEvent[capacity];
            for (int i = 0; i < size; i++) {
                next[i] = get(i);
            }
            slots = next;
            head = 0;
        }
    }
}
