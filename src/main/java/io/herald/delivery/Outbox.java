package io.herald.delivery;

import io.herald.log.EventId;
import io.herald.log.LoggedEvent;
import io.herald.metrics.DropReason;
import io.herald.metrics.TenantStats;
import io.herald.protocol.CloseCodes;
import io.herald.protocol.Codec;
import io.herald.protocol.WireFrame;
import io.herald.tenant.Outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One session's outbound: a bounded {@link OutboxQueue} with at most one send in flight, in order.
 * <p>
 * Slow consumers: an offer past the queue's bounds (whatever was offered: an event, a reply, a ping) drops what is
 * queued and hands the session to its {@link #evictOnOverflow eviction}, the one path that closes it with 4508; a
 * send in flight longer than {@code herald.outbox.send-timeout} is found by the heartbeat scan
 * ({@link #inFlightMillis}) and takes the same path.
 * <p>
 * Coalescing: a send takes what already waits, up to what the session's {@link Codec} joins into one frame
 * ({@code herald.v1.ndjson}) or the sink writes as one batch ({@code herald.v1.json} on Undertow); nothing is ever
 * held back to fill a frame.
 * <p>
 * Threads: offers from any thread (never block, never do I/O); {@link #flush} from any thread, starts at most one
 * send; the queue is guarded by this object's monitor, which is never held across I/O or a call out. A send that
 * completes synchronously does not recurse: the loop in {@link #flush} takes the next one.
 */
public final class Outbox implements Outbound, FrameSink.Completion {

    /** What became of an offered item. */
    public enum Offer {
        /** Queued behind a send in flight or a pending flush: nothing to do. */
        QUEUED,
        /** Queued, and the outbox was idle: someone must call {@link #flush()}. */
        QUEUED_IDLE,
        /** Over a bound: the queue was dropped and the session handed to eviction. */
        OVERFLOW,
        /** The outbox was closed earlier; nothing was queued. */
        CLOSED,
        /** An event the session had already, from another node ({@link #skipThrough}); nothing was queued. */
        SKIPPED
    }

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private final FrameSink sink;
    private final Codec codec;
    private final int maxFrames;
    private final long maxBytes;
    private final int maxPerSend;
    private final TenantStats stats;
    private final Backlog backlog;
    private final OutboxQueue queue;
    private final PendingClose pendingClose = new PendingClose();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Runnable evictOnOverflow = () -> { };
    /** Whose outbox this is, for the log lines about its drops: never a credential. */
    private volatile String owner = "a session not yet open";
    /** Live events up to this id are not queued (see {@link #skipThrough}); null for none. Written in the lane. */
    private volatile EventId skipThrough;

    private boolean inFlight;
    private boolean flushPending;
    private boolean closed;
    /** The session ended ({@link #close}): a send failing from now on is a frame the close dropped, nothing to act on. */
    private volatile boolean ended;
    private int inFlightObjects;
    /** Live events in the send in flight, and when the oldest of them was appended (delivery latency). */
    private int inFlightEvents;
    private long inFlightPublished;
    /** When the send in flight started (epoch millis), 0 when none is; written under the monitor with inFlight. */
    private volatile long inFlightSince;
    private volatile long sent;

    Outbox(FrameSink sink, Codec codec, int maxFrames, long maxBytes, TenantStats stats, Backlog backlog) {
        this.sink = sink;
        this.codec = codec;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.maxPerSend = Math.max(codec.maxJoined(), sink.maxFramesPerSend());
        this.stats = stats;
        this.backlog = backlog;
        this.queue = new OutboxQueue(codec);
    }

    /** Sets what an overflow does to the session (see {@link Eviction}); called once, before the session is addressable. */
    void evictOnOverflow(Runnable eviction) {
        this.evictOnOverflow = eviction;
    }

    /** Names the session in the log lines about its drops; called once, before the session is addressable. */
    void ownedBy(String session, String tenant) {
        this.owner = "session " + session + " of tenant " + tenant;
    }

    /** @return how this outbox writes frames */
    Codec codec() {
        return codec;
    }

    /** Queues a live event (its frame in this codec is encoded already). Never blocks. */
    Offer offer(LoggedEvent event) {
        EventId skip = skipThrough;
        if (skip != null) {
            if (!event.id().isAfter(skip)) {
                return Offer.SKIPPED;
            }
            skipThrough = null;
        }
        return enqueue(event, EventFrames.of(event, codec).size());
    }

    /**
     * Live events up to {@code id} will not be queued: the session resumed (or connected) from an id this node's lane
     * has not dispatched yet, which a cluster log allows (the client read it from a node ahead of this one), so that
     * what it already has is not sent twice. Called in the tenant's dispatch lane, as live offers are.
     */
    void skipThrough(EventId id) {
        skipThrough = id;
    }

    /** Queues a control frame ({@link io.herald.protocol.ControlFrames}) and starts sending on this thread if idle. */
    public Offer send(Record controlFrame) {
        return kick(offer(codec.control(controlFrame)));
    }

    /** Queues an encoded control frame. Never blocks. */
    Offer offer(WireFrame controlFrame) {
        return enqueue(controlFrame, controlFrame.size());
    }

    /** Queues a heartbeat ping behind what is already queued. Never blocks. */
    Offer ping() {
        return enqueue(OutboxQueue.PING, 0);
    }

    private Offer kick(Offer offer) {
        if (offer == Offer.QUEUED_IDLE) {
            flush();
        }
        return offer;
    }

    private Offer enqueue(Object item, int size) {
        boolean newPeak;
        synchronized (this) {
            if (closed) {
                return Offer.CLOSED;
            }
            if (queue.fits(size, maxFrames, maxBytes)) {
                newPeak = queue.addLive(item, size);
                Offer offer = idleLocked();
                if (newPeak) {
                    stats.queued(queue.peak());
                }
                return offer;
            }
            closeLocked(DropReason.SLOW_CONSUMER);
        }
        evictOnOverflow.run();
        return Offer.OVERFLOW;
    }

    private Offer idleLocked() {
        if (inFlight || flushPending) {
            return Offer.QUEUED;
        }
        flushPending = true;
        return Offer.QUEUED_IDLE;
    }

    /**
     * Takes back the events queued but not yet handed to the socket. The caller (a resume, in the tenant's dispatch
     * lane) replays them with the rest.
     */
    synchronized OutboxQueue.Rewound rewind() {
        OutboxQueue.Rewound rewound = queue.rewind();
        backlog.left(rewound.liveEvents());
        return rewound;
    }

    /**
     * Queues replayed events (outside the bounds: the log keeps them anyway). Starts no send: the caller holds its
     * tenant's dispatch lane and flushes after leaving it.
     */
    synchronized Offer replay(List<LoggedEvent> events) {
        if (closed) {
            return Offer.CLOSED;
        }
        events.forEach(queue::addReplayed);
        return events.isEmpty() ? Offer.QUEUED : idleLocked();
    }

    /** @return where this outbox's sends are cheapest to start, or null for any thread ({@link FrameSink#sendExecutor}) */
    Executor sendExecutor() {
        return sink.sendExecutor();
    }

    /** Starts the next send if none is in flight. Safe to call any number of times from any thread. */
    void flush() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Object batch = null;
            synchronized (this) {
                flushPending = false;
                if (!inFlight && !closed) {
                    batch = takeLocked();
                    inFlight = batch != null;
                    if (inFlight) { // under the monitor: a completion on another thread cannot clear it after us
                        inFlightSince = System.currentTimeMillis();
                    }
                }
            }
            if (batch != null) {
                start(batch);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    @SuppressWarnings("unchecked")
    private void start(Object batch) {
        try {
            if (batch == OutboxQueue.PING) {
                sink.ping(this);
            } else if (batch instanceof WireFrame frame) {
                sink.send(frame, this);
            } else {
                sink.send((List<WireFrame>) batch, this);
            }
        } catch (RuntimeException e) {
            sent(e);
        }
    }

    /** @return {@link OutboxQueue#PING}, one frame, a list of frames for one batch, or null when nothing waits */
    private Object takeLocked() {
        if (queue.isEmpty()) {
            return null;
        }
        if (queue.pingIsNext()) {
            queue.takePing();
            inFlightObjects = 0;
            inFlightEvents = 0;
            return OutboxQueue.PING;
        }
        if (maxPerSend == 1 || queue.size() == 1) { // the common case: no list
            WireFrame frame = queue.takeOne();
            inFlightEvents = queue.lastTakeWasEvent() ? 1 : 0;
            backlog.left(inFlightEvents);
            inFlightObjects = 1;
            inFlightPublished = queue.takenPublished();
            return frame;
        }
        List<WireFrame> frames = new ArrayList<>(Math.min(maxPerSend, queue.size()));
        inFlightEvents = queue.take(maxPerSend, frames);
        backlog.left(inFlightEvents);
        inFlightObjects = frames.size();
        inFlightPublished = queue.takenPublished();
        if (frames.size() == 1) {
            return frames.get(0);
        }
        return codec.maxJoined() > 1 ? codec.join(frames) : frames;
    }

    @Override
    public void sent(Throwable failure) {
        int objects;
        int events;
        long published;
        synchronized (this) {
            inFlight = false;
            inFlightSince = 0;
            objects = inFlightObjects;
            inFlightObjects = 0;
            events = inFlightEvents;
            inFlightEvents = 0;
            published = inFlightPublished;
        }
        if (failure == null) {
            sent += objects;
            stats.sent(objects);
            if (events > 0) {
                stats.delivered(events, published);
            }
            pendingClose.run(sink);
            flush();
        } else if (ended) {
            stats.dropped(DropReason.CLOSED, objects);
            LOG.log(System.Logger.Level.DEBUG, "dropped {0} frame(s) of {1}: the session ended ({2})", objects, owner,
                    failure.toString());
        } else {
            stats.dropped(DropReason.SEND_FAILED, objects);
            LOG.log(System.Logger.Level.WARNING, "dropped {0} frame(s) of {1} (send_failed), closing it: {2}", objects, owner,
                    failure.toString());
            synchronized (this) {
                closeLocked(DropReason.SEND_FAILED);
            }
            sink.close(1011, "send failed");
        }
    }

    /**
     * @return how long the send in flight has been outstanding, in milliseconds at {@code now}; 0 when none is
     */
    long inFlightMillis(long now) {
        long since = inFlightSince;
        return since == 0 ? 0 : Math.max(0, now - since);
    }

    /** @return how long the send in flight has waited on the client at {@code now} ({@link FrameSink#stalledMillis}); 0 when none is */
    long stalledMillis(long now) {
        long inFlight = inFlightMillis(now);
        return inFlight == 0 ? 0 : sink.stalledMillis(inFlight, now);
    }

    /** @return the silence after which the session is closed with 4408 ({@link FrameSink#silenceTimeoutMillis}) */
    long silenceTimeoutMillis(long heartbeatTimeoutMillis) {
        return sink.silenceTimeoutMillis(heartbeatTimeoutMillis);
    }

    /**
     * The session ended: drops what is queued (counted as dropped), later offers answer {@link Offer#CLOSED}, and once
     * this returns the sink writes nothing more ({@link FrameSink#ended}).
     */
    void close() {
        ended = true;
        synchronized (this) {
            closeLocked(DropReason.CLOSED);
        }
        sink.ended();
    }

    /**
     * Closes the session, dropping what is queued. A send still in flight is let finish first, so the close frame
     * follows it: the close is made when that send completes, or by {@link #forceClose} at the latest. Never throws.
     */
    void closeSession(int code, String reason) {
        boolean now;
        synchronized (this) {
            closeLocked(code == CloseCodes.SLOW_CONSUMER ? DropReason.SLOW_CONSUMER : DropReason.CLOSED);
            now = !inFlight;
            if (!now) {
                pendingClose.defer(code, reason);
            }
        }
        if (now) {
            sink.close(code, reason);
        }
    }

    /** Makes a close that {@link #closeSession} deferred behind a send in flight, if it is still pending. */
    void forceClose() {
        pendingClose.run(sink);
    }

    synchronized boolean isIdle() {
        return queue.isEmpty() && !inFlight;
    }

    @Override
    public synchronized int queued() {
        return queue.size();
    }

    @Override
    public long sent() {
        return sent;
    }

    private void closeLocked(DropReason reason) {
        if (!closed) {
            closed = true;
            int[] dropped = queue.clear();
            stats.dropped(reason, dropped[0]);
            if (dropped[0] > 0) {
                LOG.log(System.Logger.Level.WARNING, "dropped {0} queued frame(s) of {1} ({2})", dropped[0], owner,
                        reason.name().toLowerCase(java.util.Locale.ROOT));
            }
            backlog.left(dropped[1]);
        }
    }
}
