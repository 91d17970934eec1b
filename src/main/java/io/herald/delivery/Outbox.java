package io.herald.delivery;

import io.herald.tenant.TenantStats;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's bounded outbound queue with at most one send in flight, in order.
 * <p>
 * Bounds: {@code maxFrames} queued objects and {@code maxChars} queued characters. An offer past either bound
 * marks the outbox overflowed and discards what is queued (the slow-consumer policy: the caller then closes the
 * session with 4508 and the client resumes from its last event id).
 * <p>
 * Coalescing (for {@code herald.v1.ndjson}): a send takes everything already queued, up to {@link #MAX_BATCH_CHARS},
 * joined by {@code \n}; nothing is ever held back to fill a frame.
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
    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private final FrameSink sink;
    private final boolean coalesce;
    private final int maxFrames;
    private final long maxChars;
    private final TenantStats stats;
    private final AtomicInteger wip = new AtomicInteger();

    private final ArrayDeque<String> queue = new ArrayDeque<>(8);
    private long queuedChars;
    private boolean inFlight;
    private boolean flushPending;
    private boolean closed;
    private int inFlightObjects;
    private volatile long sent;

    public Outbox(FrameSink sink, boolean coalesce, int maxFrames, long maxChars, TenantStats stats) {
        this.sink = sink;
        this.coalesce = coalesce;
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
        this.stats = stats;
    }

    /** Queues one encoded JSON object. Never blocks. */
    public Offer offer(String frame) {
        synchronized (this) {
            if (closed) {
                return Offer.CLOSED;
            }
            if (queue.size() >= maxFrames || queuedChars + frame.length() > maxChars) {
                closeLocked();
                return Offer.OVERFLOW;
            }
            queue.addLast(frame);
            queuedChars += frame.length();
            if (inFlight || flushPending) {
                return Offer.QUEUED;
            }
            flushPending = true;
            return Offer.QUEUED_IDLE;
        }
    }

    /** Queues a frame and starts sending it on this thread if the outbox is idle (for replies to the client). */
    public Offer send(String frame) {
        Offer offer = offer(frame);
        if (offer == Offer.QUEUED_IDLE) {
            flush();
        }
        return offer;
    }

    /** Starts the next send if none is in flight. Safe to call any number of times from any thread. */
    public void flush() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            String text = null;
            synchronized (this) {
                flushPending = false;
                if (!inFlight && !closed) {
                    text = takeBatchLocked();
                    inFlight = text != null;
                }
            }
            if (text != null) {
                try {
                    sink.send(text, this);
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

    /** Closes the session behind this outbox; never throws. */
    public void closeSession(int code, String reason) {
        close();
        sink.close(code, reason);
    }

    public synchronized int queuedFrames() {
        return queue.size();
    }

    public synchronized long queuedChars() {
        return queuedChars;
    }

    /** @return JSON objects written to the client so far */
    public long sent() {
        return sent;
    }

    private void closeLocked() {
        if (!closed) {
            closed = true;
            stats.dropped(queue.size());
            queue.clear();
            queuedChars = 0;
        }
    }

    private String takeBatchLocked() {
        String first = queue.pollFirst();
        if (first == null) {
            return null;
        }
        queuedChars -= first.length();
        inFlightObjects = 1;
        if (!coalesce || queue.isEmpty()) {
            return first;
        }
        StringBuilder batch = new StringBuilder(Math.min(MAX_BATCH_CHARS, first.length() * (queue.size() + 1) + queue.size()));
        batch.append(first);
        String next;
        while ((next = queue.peekFirst()) != null && batch.length() + 1 + next.length() <= MAX_BATCH_CHARS) {
            queue.pollFirst();
            queuedChars -= next.length();
            batch.append('\n').append(next);
            inFlightObjects++;
        }
        return batch.toString();
    }
}
