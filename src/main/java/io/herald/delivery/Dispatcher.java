package io.herald.delivery;

import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;
import io.herald.protocol.Codec;
import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.WireFrame;
import io.herald.tenant.Connection;
import io.herald.tenant.Tenant;
import io.herald.tenant.TenantRegistry;
import io.herald.trace.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Fans events out from the log to the sessions they address, and replays what a session missed. The log tells it of
 * each event in id order per tenant ({@link EventLog.Listener}); each tenant has one dispatch {@link Lane} with a lock
 * of its own, under which its events are queued in the addressed outboxes, its connections are registered, and its
 * resumes rewind and replay, so that every session sees its tenant's events in id order, with no gap and no
 * duplicate. Frames are encoded before the lane is entered, once per encoding; sends start after it is left.
 * Thread-safe; lanes of different tenants run in parallel.
 */
@ApplicationScoped
public class Dispatcher implements EventLog.Listener {

    @Inject
    TenantRegistry registry;

    @Inject
    EventLog log;

    @Inject
    Flusher flusher;

    @Inject
    Backlog backlog;

    @Inject
    Eviction eviction;

    @Inject
    Tracing tracing;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @return the outbox of a connection; delivery made every connection's {@link io.herald.tenant.Outbound} (see
     *         {@link #open})
     */
    static Outbox outboxOf(Connection c) {
        return (Outbox) c.outbound();
    }

    @Override
    public int appended(LoggedEvent e) {
        Tracing.DeliverySpan span = e.traceparent() == null ? null : tracing.delivery(e); // untraced: this test only
        for (Codec codec : Codecs.all()) {
            EventFrames.of(e, codec); // once per encoding: the cache makes the others free
        }
        Tenant tenant = registry.tenant(e.tenant());
        Lane lane = lane(e.tenant());
        FanOut fanOut = new FanOut(e);
        synchronized (lane) {
            tenant.forEachAddressee(e.room(), e.user(), fanOut);
            lane.dispatched = e.id();
        }
        backlog.entered(fanOut.recipients);
        flusher.flush(fanOut.idle);
        if (span != null) {
            span.end(fanOut.recipients);
        }
        return fanOut.recipients;
    }

    /** Queues one event for each addressee whose type filter takes it; collects the outboxes that were idle. */
    private static final class FanOut implements Consumer<Connection> {
        final LoggedEvent event;
        final List<Outbox> idle = new ArrayList<>();
        int recipients;

        FanOut(LoggedEvent event) {
            this.event = event;
        }

        @Override
        public void accept(Connection c) {
            if (!c.filter().matches(event.type())) {
                return;
            }
            Outbox outbox = outboxOf(c);
            switch (outbox.offer(event)) {
                case QUEUED -> recipients++;
                case QUEUED_IDLE -> {
                    recipients++;
                    idle.add(outbox);
                }
                case OVERFLOW, CLOSED, SKIPPED -> { }
            }
        }
    }

    /**
     * Queues a control frame ({@link ControlFrames}) for the connection and starts sending it on this thread if its
     * outbox was idle: the answers to a client's own frames.
     */
    public void send(Connection c, Record controlFrame) {
        outboxOf(c).send(controlFrame);
    }

    /**
     * Queues one control frame that is not an event (no id, never replayed: {@code presence}, {@code user:status}, a
     * client event) for each connection of {@code tenant} in {@code room} (null: the whole tenant) that {@code to}
     * takes, and has the sends of the idle ones started off this thread. The frame is encoded once per sub-protocol
     * that needs it; each recipient costs one offer (a non-blocking enqueue). Outside the dispatch lane: such frames
     * are not ordered with the tenant's events. Weakly consistent like {@link Tenant#forEachAddressee}; never blocks,
     * so it may be called under a lock of the caller's (not the lane's). {@code to} must not block.
     *
     * @return the connections it was queued for
     */
    public int broadcast(String tenant, String room, Predicate<Connection> to, Record controlFrame) {
        Map<Codec, WireFrame> encoded = new IdentityHashMap<>(2);
        List<Outbox> idle = new ArrayList<>();
        int[] recipients = {0};
        registry.tenant(tenant).forEachAddressee(room, null, c -> {
            if (!to.test(c)) {
                return;
            }
            Outbox outbox = outboxOf(c);
            switch (outbox.offer(encoded.computeIfAbsent(outbox.codec(), k -> k.control(controlFrame)))) {
                case QUEUED -> recipients[0]++;
                case QUEUED_IDLE -> {
                    recipients[0]++;
                    idle.add(outbox);
                }
                case OVERFLOW, CLOSED, SKIPPED -> { }
            }
        });
        flusher.flush(idle);
        return recipients[0];
    }

    /** The connection is closed (by either side): it is forgotten and what waited for it dropped. Idempotent. */
    public void closed(Connection c, int code, String reason) {
        registry.unregister(c, code, reason);
        outboxOf(c).close();
    }

    /**
     * @return the point a connection being upgraded now starts from: every event after it reaches the connection,
     *         however soon after the upgrade it is published (see {@link #open})
     */
    public EventId connectPoint(String tenant) {
        return log.head(tenant);
    }

    /**
     * Makes the connection addressable, in {@code rooms}, with nothing lost since {@code from}: events dispatched
     * after it are replayed to it first, in order, in the lane, then live delivery goes on. {@code from} is the
     * connection's connect point, or the {@code ?since=} id it resumes from.
     *
     * @return a {@code reset} frame to send when the events after {@code from} are no longer kept (nothing was
     *         replayed), else null
     */
    public ControlFrames.Reset open(Connection c, Set<String> rooms, EventId from) {
        Outbox outbox = outboxOf(c);
        outbox.evictOnOverflow(() -> eviction.slowConsumer(c, "outbound queue over its bound"));
        outbox.ownedBy(c.id(), c.tenant());
        Lane lane = lane(c.tenant());
        ControlFrames.Reset reset = null;
        synchronized (lane) {
            registry.register(c, rooms);
            EventId last = lane.dispatched;
            if (last != null && last.isAfter(from)) {
                reset = replayLocked(c, outbox, from, last, null);
            } else {
                outbox.skipThrough(from);
            }
        }
        outbox.flush();
        return reset;
    }

    /**
     * Replays to {@code c} the kept events after {@code since} that it selects now (rooms, user, type filter), in
     * order, then lets live delivery go on with no gap and no duplicate: in the lane no event is dispatched meanwhile,
     * the events queued but not yet sent are taken back (the replay covers them), and events already handed to the
     * socket are not sent again. Nothing is held back for anyone meanwhile. The one case not covered: an event
     * published after the connection opened, for a room it joined later, before it resumed.
     *
     * @return the frame to answer with when the events asked for are no longer kept ({@code reset}), else null
     */
    public ControlFrames.Reset resume(Connection c, EventId since) {
        Outbox outbox = outboxOf(c);
        ControlFrames.Reset reset;
        Lane lane = lane(c.tenant());
        synchronized (lane) {
            OutboxQueue.Rewound rewound = outbox.rewind();
            reset = replayLocked(c, outbox, since, lane.dispatched, rewound);
            if (reset == null && (lane.dispatched == null || since.isAfter(lane.dispatched))) {
                outbox.skipThrough(since);
            }
        }
        outbox.flush();
        return reset;
    }

    /**
     * @param upTo    the lane's last dispatched event, null if none: later events are in the log but not fanned out
     *                yet, and reach the session live (replaying them too would send them twice)
     * @param rewound what was taken back from the outbox (queued again first on a reset), or null
     */
    private ControlFrames.Reset replayLocked(Connection c, Outbox outbox, EventId since, EventId upTo,
                                             OutboxQueue.Rewound rewound) {
        Replay replay = log.since(c.tenant(), since);
        if (replay instanceof Replay.Reset r) {
            if (rewound != null) {
                outbox.replay(rewound.unsent());
            }
            c.stats().reset();
            return new ControlFrames.Reset(r.since(), r.oldest());
        }
        List<LoggedEvent> selected = new ArrayList<>();
        for (LoggedEvent e : ((Replay.Events) replay).events()) {
            if (upTo == null || e.id().isAfter(upTo)) {
                break;
            }
            if ((rewound == null || !rewound.sent(e.id())) && selects(c, e)) {
                selected.add(e);
            }
        }
        outbox.replay(selected);
        c.stats().replayed(selected.size());
        return null;
    }

    /** The same addressing rule as {@link Tenant#forEachAddressee} plus the type filter, for one kept event. */
    private static boolean selects(Connection c, LoggedEvent e) {
        return (e.room() == null || c.isIn(e.room()))
                && (e.user() == null || e.user().equals(c.user()))
                && c.filter().matches(e.type());
    }

    private Lane lane(String tenant) {
        return lanes.computeIfAbsent(tenant, t -> new Lane(log.listenedAfter(t)));
    }

    /**
     * One tenant's dispatch lane: its monitor orders the tenant's fan-out, registrations and resumes; nothing else
     * locks it. Kept once seen, like the tenant.
     */
    private static final class Lane {
        /**
         * The last event fanned out, null before the first; written under the monitor. It starts at what a cluster
         * log kept before this node heard of the tenant ({@link EventLog#listenedAfter}), so that a session resuming
         * from an older id gets those events replayed.
         */
        volatile EventId dispatched;

        Lane(EventId listenedAfter) {
            this.dispatched = listenedAfter;
        }
    }
}
