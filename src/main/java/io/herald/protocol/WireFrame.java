package io.herald.protocol;

import java.nio.ByteBuffer;

/**
 * One encoded frame, as a sink writes it: text for the JSON sub-protocols, bytes for a binary one. Immutable; one
 * instance of an event's frame is shared by every session that receives it.
 */
public sealed interface WireFrame {

    /** @return the frame's size in characters (text) or bytes (binary), what outbox bounds count */
    int size();

    /** A text frame; {@code text} never null. */
    record Text(String text) implements WireFrame {
        @Override
        public int size() {
            return text.length();
        }
    }

    /**
     * A binary frame. {@code bytes} is never written to; each send takes its own {@link #view()}, so one instance
     * can be sent to many sessions at once.
     */
    record Binary(ByteBuffer bytes) implements WireFrame {
        public ByteBuffer view() {
            return bytes.asReadOnlyBuffer();
        }

        @Override
        public int size() {
            return bytes.remaining();
        }
    }
}
