package io.herald.log;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One event as the log keeps it: its id, routing and payload, and a cache of its encoded frames so that live delivery
 * and every later replay send the very same bytes, encoded once.
 *
 * @param id     never null
 * @param tenant never null
 * @param type   never null
 * @param room   null when not addressed to a room
 * @param user   null when not addressed to a user
 * @param data   the payload as JSON text, never null
 * @param at     when it was logged, epoch millis
 * @param frames the per-encoding frame cache, filled by delivery; the log never reads it
 * @param published {@link System#nanoTime()} when it was appended on this node: the start of the delivery latency
 *                  Herald measures (comparable on this node only)
 * @param traceparent the publisher's W3C {@code traceparent} ({@link EventDraft#traceparent}), null when untraced:
 *                    delivery starts its span only when it is set
 */
public record LoggedEvent(EventId id, String tenant, String type, String room, String user, String data, long at,
                          FrameCache frames, long published, String traceparent) {

    LoggedEvent(EventId id, EventDraft d, long at, long published) {
        this(id, d.tenant(), d.type(), d.room(), d.user(), d.data(), at, new FrameCache(), published, d.traceparent());
    }

    /**
     * Slots for what an event encodes to, one per encoding index; opaque to the log. Thread-safe: a slot is written
     * before the event is handed to the sessions (a volatile write), and a race to fill an empty slot only encodes the
     * same frame twice.
     */
    public static final class FrameCache {
        public static final int SLOTS = 4;
        private final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(SLOTS);

        public Object get(int slot) {
            return slots.get(slot);
        }

        public void put(int slot, Object frame) {
            slots.set(slot, frame);
        }
    }
}
