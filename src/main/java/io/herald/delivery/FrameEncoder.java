package io.herald.delivery;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Encodes frames (records) to JSON with JSON-B. One shared {@link Jsonb}: it is thread-safe and costly to build.
 * Herald encodes an event once, whatever its number of recipients, and queues the resulting string; that is why
 * frames are not sent through a WebSocket {@code Encoder}, which the container would call once per recipient.
 */
public final class FrameEncoder {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private FrameEncoder() {
    }

    /** @throws jakarta.json.bind.JsonbException when a payload cannot be serialised */
    public static String json(Object frame) {
        return JSONB.toJson(frame);
    }

    /** @return an ISO-8601 UTC timestamp with milliseconds, as the contract writes them */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
