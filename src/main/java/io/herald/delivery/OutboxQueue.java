package io.herald.delivery;

import io.herald.log.EventId;
import io.herald.log.LoggedEvent;
import io.herald.protocol.Codec;
import io.herald.protocol.WireFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What waits for one session, in order, and its bounds. Not thread-safe: its {@link Outbox} guards it with its
 * monitor.
 * <p>
 * Items: live events ({@link LoggedEvent}, whose frames are shared by every recipient), replayed events
 * ({@link Replayed}), control frames ({@link WireFrame}) and heartbeat pings ({@link #PING}).
 * <p>
 * Bounds ({@code herald.outbox.max-frames} items, {@code herald.outbox.max-bytes} of frame size) count live items
 * only: a replay queues references to events the log keeps anyway, which the client could not have read yet.
 */
final class OutboxQueue {

    static final Object PING = new Object();

    private final ArrayDeque<Object> items = new ArrayDeque<>(8);
    private final Codec codec;
    private int live;
    private long liveSize;
    private int peak;
    private EventId firstTaken;
    private EventId lastTaken;
    private boolean lastTakeWasEvent;
    private long takenPublished;

    OutboxQueue(Codec codec) {
        this.codec = codec;
    }

    /** @return true when one more live item of {@code size} stays within both bounds */
    boolean fits(int size, int maxFrames, long maxSize) {
        return live < maxFrames && liveSize + size <= maxSize;
    }

    /** Queues a live item (an event, a control frame or {@link #PING}). @return true on a new peak of live items */
    boolean addLive(Object item, int size) {
        items.addLast(item);
        live++;
        liveSize += size;
        if (live > peak) {
            peak = live;
            return true;
        }
        return false;
    }

    void addReplayed(LoggedEvent event) {
        items.addLast(new Replayed(event));
    }

    int peak() {
        return peak;
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** @return true when {@link #PING} is next */
    boolean pingIsNext() {
        return items.peekFirst() == PING;
    }

    void takePing() {
        items.pollFirst();
        live--;
    }

    /**
     * Takes the frame at the head (not {@link #PING}), for a send of one frame: no list, no copy.
     *
     * @return the frame; {@link #lastTakeWasEvent()} says whether it was a live event (it leaves the backlog)
     */
    WireFrame takeOne() {
        Object item = items.pollFirst();
        WireFrame frame = frameOf(item);
        lastTakeWasEvent = false;
        if (item instanceof Replayed r) {
            taken(r.event().id());
        } else {
            live--;
            liveSize -= frame.size();
            if (item instanceof LoggedEvent e) {
                taken(e.id());
                lastTakeWasEvent = true;
                takenPublished = e.published();
            }
        }
        return frame;
    }

    /**
     * @return {@link LoggedEvent#published()} of the oldest live event of the last {@link #takeOne()} or {@link #take}
     *         (meaningless when it took none)
     */
    long takenPublished() {
        return takenPublished;
    }

    /** @return true when the item {@link #takeOne()} took last was a live event */
    boolean lastTakeWasEvent() {
        return lastTakeWasEvent;
    }

    /**
     * Takes the frames of one send from the head: as many as the codec joins or the sink batches ({@code max}),
     * up to the codec's size for one send, stopping before a ping.
     *
     * @param into receives the frames, in order
     * @return the number of live events among them (they leave the node-wide backlog)
     */
    int take(int max, List<WireFrame> into) {
        int events = 0;
        long size = 0;
        long oldest = 0;
        while (into.size() < max && !items.isEmpty() && items.peekFirst() != PING) {
            if (!into.isEmpty() && size + frameOf(items.peekFirst()).size() > codec.maxJoinedSize()) {
                break;
            }
            WireFrame frame = takeOne();
            size += frame.size();
            into.add(frame);
            if (lastTakeWasEvent && events++ == 0) {
                oldest = takenPublished;
            }
        }
        takenPublished = oldest;
        return events;
    }

    private void taken(EventId id) {
        if (firstTaken == null || firstTaken.isAfter(id)) {
            firstTaken = id;
        }
        if (lastTaken == null || id.isAfter(lastTaken)) {
            lastTaken = id;
        }
    }

    /**
     * Takes back every event queued but not yet handed to the socket, live or replayed, so that a replay can take
     * their place in order.
     *
     * @return the events taken back and what was handed already
     */
    Rewound rewind() {
        List<LoggedEvent> taken = new ArrayList<>();
        int liveEvents = 0;
        for (Iterator<Object> it = items.iterator(); it.hasNext(); ) {
            Object item = it.next();
            if (item instanceof LoggedEvent e) {
                it.remove();
                live--;
                liveSize -= frameOf(e).size();
                liveEvents++;
                taken.add(e);
            } else if (item instanceof Replayed r) {
                it.remove();
                taken.add(r.event());
            }
        }
        return new Rewound(firstTaken, lastTaken, taken, liveEvents);
    }

    /**
     * Drops everything.
     *
     * @return the objects dropped (pings not counted) and, as the second element, the live events among them
     */
    int[] clear() {
        int objects = 0;
        int liveEvents = 0;
        for (Object item : items) {
            objects += item == PING ? 0 : 1;
            liveEvents += item instanceof LoggedEvent ? 1 : 0;
        }
        items.clear();
        live = 0;
        liveSize = 0;
        return new int[]{objects, liveEvents};
    }

    /** @return the item's frame in this session's codec, encoding the event once per encoding if nobody has yet */
    private WireFrame frameOf(Object item) {
        if (item instanceof WireFrame f) {
            return f;
        }
        return EventFrames.of(item instanceof Replayed r ? r.event() : (LoggedEvent) item, codec);
    }

    /**
     * What {@link #rewind()} took back.
     *
     * @param firstSent  the lowest event id handed to the socket, null if none (every event the session selected
     *                   between it and {@code lastSent} was handed too)
     * @param unsent     the events taken back, in queue order
     * @param liveEvents how many of them were live (they left the node-wide backlog)
     */
    record Rewound(EventId firstSent, EventId lastSent, List<LoggedEvent> unsent, int liveEvents) {

        /** @return true when the event was already handed to this session's socket */
        boolean sent(EventId id) {
            return firstSent != null && !firstSent.isAfter(id) && !id.isAfter(lastSent);
        }
    }

    /** A replayed event: outside the live bounds while it waits. */
    private record Replayed(LoggedEvent event) {
    }
}
