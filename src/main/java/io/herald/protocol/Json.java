package io.herald.protocol;

import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.StringReader;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * JSON text as Herald writes it everywhere (frames, the HTTP API's bodies): one shared {@link Jsonb}, thread-safe
 * and costly to build (each {@code JsonbBuilder.create()} scans the class path for providers).
 */
public final class Json {

    private static final Jsonb JSONB = JsonbBuilder.create();
    /** Each {@code jakarta.json.Json.createReader} looks the provider up again: one factory, shared. */
    private static final JsonReaderFactory READERS = jakarta.json.Json.createReaderFactory(Map.of());
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    /**
     * @return {@code value} as JSON text (a JSON-P value is written as it is)
     * @throws jakarta.json.bind.JsonbException when it cannot be serialised
     */
    public static String write(Object value) {
        return JSONB.toJson(value);
    }

    /**
     * @return {@code text} bound to {@code type}
     * @throws jakarta.json.bind.JsonbException when it does not fit the type
     */
    public static <T> T read(String text, Type type) {
        return JSONB.fromJson(text, type);
    }

    /** @return JSON text as a JSON-P value; the text must be JSON (as {@link #write} makes it) */
    public static JsonValue parse(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    /** @return an ISO-8601 UTC timestamp with milliseconds, as the contract writes them */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** Appends {@code value} as a JSON string literal (quotes, backslashes and control characters escaped). */
    static StringBuilder appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
