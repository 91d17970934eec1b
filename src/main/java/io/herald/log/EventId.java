package io.herald.log;

/**
 * An event id, written {@code <epoch>-<sequence>}: the epoch names the stream's incarnation (a node's start, or a
 * cluster log's time base), the sequence grows by one per event of a tenant. Ids of one epoch compare by sequence.
 * Clients treat ids as opaque strings and only send them back. Immutable.
 */
public record EventId(long epoch, long sequence) {

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
    public String toString() {
        return epoch + "-" + sequence;
    }
}
