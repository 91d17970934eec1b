package io.herald.delivery;

import io.herald.replay.EventId;
import io.herald.replay.LoggedEvent;
import io.herald.tenant.TenantStats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's bounded outbound queue with at most one send in flight, in order.
 * <p>
 * Items: events ({@link LoggedEvent}, whose encoded frame is shared by every recipient), control frames (strings),
 * replayed events and heartbeat pings.
 * <p>
 * Bounds: {@code maxFrames} queued items and {@code maxChars} queued characters, counting live items only (a replay
 * queues references to frames the event log holds anyway). A live offer past either bound marks the outbox
 * overflowed and discards what is queued (the slow-consumer policy: the caller then closes the session with 4508
 * and the client resumes from its last event id).
 * <p>
 * Coalescing (for {@code herald.v1.ndjson}): a send takes everything already queued, up to {@link #MAX_BATCH_CHARS},
 * joined by {@code \n}; nothing is ever held back to fill a frame. With {@code herald.v1.json} on a sink that writes
 * batches ({@link FrameSink#maxFramesPerSend()}), a send takes the frames already queued, each its own frame, as one
 * batch: one write for all of them. Either way one send is in flight at a time.
 * <p>
 * Threads: {@link #offer} from any thread (never blocks, never does I/O); {@link #flush} from any thread, starts at
 * most one send; the queue is guarded by this object's monitor, which is never held across I/O. A send that
 * completes synchronously does not recurse: the drain loop in {@link #flush} takes the next one.
 */
public final class Outbox implements FrameSink.Completion {

    /** What became of an offered frame. */
    public enum Offer {
        /** Queued behind a send in flight or a pending flush: nothing to do. */
        QUEUED,
        /** Queued, and the outbox was idle: someone must call {@link #flush()}. */
        QUEUED_IDLE,
        /** Over a bound: the outbox is now closed and its queue dropped; the caller closes the session. */
        OVERFLOW,
        /** The outbox was closed earlier; the frame was not queued. */
        CLOSED
    }

    static final int MAX_BATCH_CHARS = 256 * 1024;
    private static final Object PING = new Object();
    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private final FrameSink sink;
    private final boolean coalesce;
    private final int maxFrames;
    private final long maxChars;
    private final TenantStats stats;
    private final AtomicInteger wip = new AtomicInteger();

    private final ArrayDeque<Object> queue = new ArrayDeque<>(8);
    private long queuedChars;
    private int replayQueued;
    private long replayChars;
    private boolean inFlight;
    private boolean flushPending;
    private boolean closed;
    private int inFlightObjects;
    private EventId firstTaken;
    private EventId lastTaken;
    private int peak;
    private boolean holding;
    private volatile int pendingCloseCode;
    private String pendingCloseReason;
    private volatile long sent;

    public Outbox(FrameSink sink, boolean coalesce, int maxFrames, long maxChars, TenantStats stats) {
        this.sink = sink;
        this.coalesce = coalesce;
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.stats = stats;
    }

    /**
     * Holds events back (control frames still go) until {@link #release()}: a new connection that is about to send
     * {@code resume} must not be handed live events before its replay, or its stream would arrive out of order.
     */
    public synchronized void hold() {
        holding = true;
    }

    /** Lets held events go; idempotent. */
    public void release() {
        boolean wasHolding;
        synchronized (this) {
            wasHolding = holding;
            holding = false;
        }
        if (wasHolding) {
            flush();
        }
    }

    /** Queues a live event. Never blocks. */
    public Offer offer(LoggedEvent event) {
        return enqueue(event, event.frame().length());
    }

    /** Queues an encoded control frame. Never blocks. */
    public Offer offer(String frame) {
        return enqueue(frame, frame.length());
    }

    /** Queues a control frame and starts sending on this thread if the outbox is idle (replies to the client). */
    public Offer send(String frame) {
        return kick(offer(frame));
    }

    /** Queues a heartbeat ping behind what is already queued, and starts sending if idle. */
    public Offer ping() {
        return kick(enqueue(PING, 0));
    }

    private Offer kick(Offer offer) {
        if (offer == Offer.QUEUED_IDLE) {
            flush();
        }
        return offer;
    }

    private synchronized Offer enqueue(Object item, int chars) {
        if (closed) {
            return Offer.CLOSED;
        }
        if (queue.size() - replayQueued >= maxFrames || queuedChars - replayChars + chars > maxChars) {
            closeLocked();
            return Offer.OVERFLOW;
        }
        queue.addLast(item);
        queuedChars += chars;
        int live = queue.size() - replayQueued;
        if (live > peak) {
            peak = live;
            stats.queued(live);
        }
        return idleLocked();
    }

    private Offer idleLocked() {
        if (inFlight || flushPending) {
            return Offer.QUEUED;
        }
        flushPending = true;
        return Offer.QUEUED_IDLE;
    }

    /**
     * Takes back the live events queued but not yet handed to the socket, so that a replay can take their place in
     * order. The caller holds the tenant's monitor, so no live event is queued meanwhile.
     *
     * @return the ids of the lowest and the highest events handed to the socket (null if none; every event the
     *         session selected between them was handed too) and the events taken back, in order
     */
    public synchronized Rewound rewind() {
        List<LoggedEvent> taken = new ArrayList<>();
        for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() instanceof LoggedEvent e) {
                it.remove();
                queuedChars -= e.frame().length();
                taken.add(e);
            }
        }
        return new Rewound(firstTaken, lastTaken, taken);
    }

    /** What {@link #rewind()} took back. */
    public record Rewound(EventId firstSent, EventId lastSent, List<LoggedEvent> unsent) {

        /** @return true when the event was already handed to this session's socket */
        public boolean sent(EventId id) {
            return firstSent != null && id.epoch() == firstSent.epoch()
                    && id.sequence() >= firstSent.sequence() && id.sequence() <= lastSent.sequence();
        }
    }

    /**
     * Queues replayed events (unbounded: they are references to frames the log keeps) and starts sending.
     * The caller holds the tenant's monitor.
     */
    public Offer replay(List<LoggedEvent> events, boolean countedAsReplay) {
        Offer offer;
        synchronized (this) {
            if (closed) {
                return Offer.CLOSED;
            }
            for (LoggedEvent e : events) {
                queue.addLast(countedAsReplay ? new Replayed(e) : e);
                queuedChars += e.frame().length();
                if (countedAsReplay) {
                    replayQueued++;
                    replayChars += e.frame().length();
                }
            }
            offer = events.isEmpty() ? Offer.QUEUED : idleLocked();
        }
        return kick(offer);
    }

    /** @return where this outbox's sends are cheapest to start, or null for any thread ({@link FrameSink#sendExecutor}) */
    public Executor sendExecutor() {
        return sink.sendExecutor();
    }

    /** Starts the next send if none is in flight. Safe to call any number of times from any thread. */
    public void flush() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Object batch = null;
            synchronized (this) {
                flushPending = false;
                if (!inFlight && !closed) {
                    batch = takeBatchLocked();
                    inFlight = batch != null;
                }
            }
            if (batch != null) {
                try {
                    if (batch == PING) {
                        sink.ping(this);
                    } else if (batch instanceof String text) {
                        sink.send(text, this);
                    } else {
                        @SuppressWarnings("unchecked")
                        List<String> frames = (List<String>) batch;
                        sink.send(frames, this);
                    }
                } catch (RuntimeException e) {
                    sent(e);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    @Override
    public void sent(Throwable failure) {
        int objects;
        synchronized (this) {
            inFlight = false;
            objects = inFlightObjects;
            inFlightObjects = 0;
        }
        if (failure == null) {
            sent += objects;
            stats.sent(objects);
            forceClose();
            flush();
        } else {
            stats.dropped(objects);
            LOG.log(System.Logger.Level.DEBUG, "send failed, closing: {0}", failure.toString());
            close();
            sink.close(1011, "send failed");
        }
    }

    /** Stops the outbox: drops what is queued (counted as dropped); later offers answer {@link Offer#CLOSED}. */
    public void close() {
        synchronized (this) {
            closeLocked();
        }
    }

    /**
     * Closes the session, dropping what is queued. A send still in flight is let finish first, so the close frame
     * follows it (closing under a pending write makes some servers drop the connection without a close frame):
     * the close is made when that send completes, or by {@link #forceClose} at the latest. Never throws.
     */
    public void closeSession(int code, String reason) {
        boolean now;
        synchronized (this) {
            closeLocked();
            now = !inFlight;
            if (!now) {
                pendingCloseCode = code;
                pendingCloseReason = reason;
            }
        }
        if (now) {
            sink.close(code, reason);
        }
    }

    /** Makes a close that {@link #closeSession} deferred behind a send in flight, if it is still pending. */
    public void forceClose() {
        if (pendingCloseCode == 0) {
            return; // the common case, on every completed send: no monitor
        }
        int code;
        String reason;
        synchronized (this) {
            code = pendingCloseCode;
            reason = pendingCloseReason;
            pendingCloseCode = 0;
        }
        if (code != 0) {
            sink.close(code, reason);
        }
    }

    public synchronized boolean isIdle() {
        return queue.isEmpty() && !inFlight;
    }

    public synchronized int queuedFrames() {
        return queue.size();
    }

    /** @return JSON objects written to the client so far */
    public long sent() {
        return sent;
    }

    private void closeLocked() {
        if (!closed) {
            closed = true;
            int objects = 0;
            for (Object item : queue) {
                objects += item == PING ? 0 : 1;
            }
            stats.dropped(objects);
            queue.clear();
            queuedChars = 0;
            replayQueued = 0;
            replayChars = 0;
        }
    }

    /**
     * @return a frame's text, several frames' texts as a {@code List<String>} (when the sink writes batches),
     *         {@link #PING}, or null when nothing is queued
     */
    private Object takeBatchLocked() {
        Object first = queue.peekFirst();
        if (first == null || holding && isEvent(first)) {
            return null;
        }
        if (first == PING) {
            queue.pollFirst();
            inFlightObjects = 0;
            return PING;
        }
        String text = takeLocked();
        inFlightObjects = 1;
        if (queue.isEmpty() || !coalesce && sink.maxFramesPerSend() == 1) {
            return text;
        }
        if (!coalesce) {
            return takeFramesLocked(text);
        }
        StringBuilder batch = new StringBuilder(Math.min(MAX_BATCH_CHARS, text.length() * (queue.size() + 1)));
        batch.append(text);
        while (nextJoinsLocked(batch.length() + 1)) {
            batch.append('\n').append(takeLocked());
            inFlightObjects++;
        }
        return batch.toString();
    }

    /** herald.v1.json on a sink that writes batches: the frames waiting behind {@code first}, each as it is. */
    private Object takeFramesLocked(String first) {
        int max = sink.maxFramesPerSend();
        List<String> frames = new ArrayList<>(Math.min(max, queue.size() + 1));
        frames.add(first);
        long chars = first.length();
        while (frames.size() < max && nextJoinsLocked(chars)) {
            String text = takeLocked();
            frames.add(text);
            chars += text.length();
            inFlightObjects++;
        }
        return frames.size() == 1 ? first : frames;
    }

    /**
     * @return true when the next queued item may go in the same send as what was taken: it is a frame (not a ping,
     *         not an event held back) and, after {@code charsSoFar}, it keeps the send within {@link #MAX_BATCH_CHARS}
     */
    private boolean nextJoinsLocked(long charsSoFar) {
        Object next = queue.peekFirst();
        return next != null && next != PING && !(holding && isEvent(next))
                && charsSoFar + textOf(next).length() <= MAX_BATCH_CHARS;
    }

    private String takeLocked() {
        Object item = queue.pollFirst();
        if (item instanceof Replayed r) {
            replayQueued--;
            replayChars -= r.event().frame().length();
            item = r.event();
        }
        String text = textOf(item);
        queuedChars -= text.length();
        if (item instanceof LoggedEvent e) {
            if (firstTaken == null || e.id().sequence() < firstTaken.sequence()) {
                firstTaken = e.id();
            }
            if (lastTaken == null || e.id().sequence() > lastTaken.sequence()) {
                lastTaken = e.id();
            }
        }
        return text;
    }

    private static boolean isEvent(Object item) {
        return item instanceof LoggedEvent || item instanceof Replayed;
    }

    private static String textOf(Object item) {
        if (item instanceof LoggedEvent e) {
            return e.frame();
        }
        if (item instanceof Replayed r) {
            return r.event().frame();
        }
        return (String) item;
    }

    /** A replayed event: outside the live bounds while it waits. */
    private record Replayed(LoggedEvent event) {
    }
}
