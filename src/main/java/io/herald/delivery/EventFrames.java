package io.herald.delivery;

import io.herald.log.LoggedEvent;
import io.herald.protocol.Codec;
import io.herald.protocol.EventFrame;
import io.herald.protocol.Json;
import io.herald.protocol.WireFrame;

import java.time.Instant;

/**
 * An event's frame per codec, encoded once per encoding and kept in the event's own frame cache, so live delivery and
 * every replay share the same frame. Stateless.
 */
final class EventFrames {

    private EventFrames() {
    }

    /** @return the event's frame in {@code codec}'s encoding, encoding it now if nobody has */
    static WireFrame of(LoggedEvent e, Codec codec) {
        Object cached = e.frames().get(codec.encoding());
        if (cached != null) {
            return (WireFrame) cached;
        }
        WireFrame frame = codec.event(new EventFrame(e.type(), e.id().toString(), e.tenant(), e.room(), e.data(),
                Json.timestamp(Instant.ofEpochMilli(e.at()))));
        e.frames().put(codec.encoding(), frame);
        return frame;
    }
}
