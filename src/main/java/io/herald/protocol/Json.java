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
     * @return {@code value} as JSON text (a JSON-P value is written as it is), always well-formed UTF-16: a lone
     *         surrogate in a string is written as its {@code \\uXXXX} escape ({@link #wellFormed})
     * @throws jakarta.json.bind.JsonbException when it cannot be serialised
     */
    public static String write(Object value) {
        return wellFormed(JSONB.toJson(value));
    }

    /**
     * JSON may carry a lone UTF-16 surrogate as an escape ({@code "\\uD800"}, from a client's frame or a publisher's
     * body), and JSON-B writes it back as the bare character, which has no UTF-8 form: Payara's send of such a text
     * never completes, so the session answers nothing more and is closed as a slow consumer. Outside string literals
     * JSON text is ASCII, so escaping each lone surrogate is always valid JSON and keeps the value as it came.
     *
     * @return {@code json} itself when it holds no lone surrogate (the common case: one scan), else a copy with each
     *         escaped
     */
    static String wellFormed(String json) {
        int first = loneSurrogate(json, 0);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 12);
        int from = 0;
        for (int at = first; at >= 0; at = loneSurrogate(json, from)) {
            out.append(json, from, at).append(String.format("\\u%04x", (int) json.charAt(at)));
            from = at + 1;
        }
        return out.append(json, from, json.length()).toString();
    }

    /** @return the index of the first surrogate at or after {@code from} that is not half of a pair, or -1 */
    private static int loneSurrogate(String s, int from) {
        for (int i = from, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
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

    /**
     * Appends {@code value} as a JSON string literal (quotes, backslashes, control characters and lone surrogates
     * escaped).
     */
    public static StringBuilder appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
