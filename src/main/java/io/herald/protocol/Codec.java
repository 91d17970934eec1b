package io.herald.protocol;

import java.util.List;

/**
 * How one sub-protocol writes frames. Implementations are stateless and thread-safe.
 * <p>
 * Events are encoded once per <em>encoding</em>, not once per session: sub-protocols that write an event with the
 * same bytes share an {@link #encoding()} index, and delivery keeps one encoded frame per index for each event.
 */
public interface Codec {

    /** @return the {@code Sec-WebSocket-Protocol} name */
    String subprotocol();

    /** @return the index of this codec's event encoding, 0 to {@link Codecs#ENCODINGS} - 1 */
    int encoding();

    /** @return the event's frame in this codec's encoding, never null */
    WireFrame event(EventFrame event);

    /**
     * @return a control frame ({@link ControlFrames}) in this codec
     * @throws jakarta.json.bind.JsonbException when a field cannot be serialised
     */
    WireFrame control(Record frame);

    /**
     * How many frames already waiting for a session may leave in one send: more than 1 when the codec writes several
     * objects in one WebSocket frame ({@link #join}).
     */
    int maxJoined();

    /**
     * @param frames 2 to {@link #maxJoined()} frames of this codec, in order
     * @return them as one WebSocket frame (ndjson: the objects, one per line)
     */
    WireFrame join(List<WireFrame> frames);

    /** @return the largest frame {@link #join} may build, in the unit of {@link WireFrame#size()} */
    default int maxJoinedSize() {
        return 256 * 1024;
    }
}
