package io.herald.log;

/**
 * An event id, written {@code <epoch>-<sequence>}, two non-negative decimal numbers. What they mean is the log's:
 * {@link MemoryEventLog} writes its creation time and a per-tenant counter (ids of an earlier run are of another
 * epoch, answered with a reset); a Redis Stream's entry id {@code <milliseconds>-<sequence>} is the very same shape;
 * the Hazelcast log writes the tenant's epoch in the cluster and its ringbuffer sequence plus one.
 * Ids of one tenant's stream order by epoch, then sequence ({@link #compareTo}), which is the order of both. Clients
 * treat ids as opaque strings and only send them back. Immutable.
 */
public record EventId(long epoch, long sequence) implements Comparable<EventId> {

    /** Before every id: "from the beginning" of a stream (a Redis Stream's {@code 0-0}). */
    public static final EventId ZERO = new EventId(0, 0);

    /** @throws IllegalArgumentException when {@code text} is not an event id */
    public static EventId parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || text.length() > 40) {
            throw new IllegalArgumentException("not an event id: " + text);
        }
        try {
            long epoch = Long.parseLong(text, 0, dash, 10);
            long sequence = Long.parseLong(text, dash + 1, text.length(), 10);
            if (epoch < 0 || sequence < 0) {
                throw new IllegalArgumentException("not an event id: " + text);
            }
            return new EventId(epoch, sequence);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an event id: " + text, e);
        }
    }

    @Override
    public int compareTo(EventId other) {
        int byEpoch = Long.compare(epoch, other.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(sequence, other.sequence);
    }

    /** @return true when this id comes after {@code other} in their stream */
    public boolean isAfter(EventId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return epoch + "-" + sequence;
    }
}
