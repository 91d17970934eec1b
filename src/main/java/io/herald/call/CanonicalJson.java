package io.herald.call;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Map;
import java.util.TreeMap;

/**
 * One text for equal JSON, the cache's key: object members sorted by name, no white space; numbers and strings as
 * JSON-P writes them (so {@code 1} and {@code 1.0} stay different). Pure and thread-safe.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    /** @return the canonical text; {@code null} (no data) writes as {@code null} */
    static String of(JsonValue value) {
        return append(new StringBuilder(), value == null ? JsonValue.NULL : value).toString();
    }

    private static StringBuilder append(StringBuilder out, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : new TreeMap<>((JsonObject) value).entrySet()) {
                    out.append(first ? "" : ",").append(Json.createValue(e.getKey())).append(':');
                    append(out, e.getValue());
                    first = false;
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonValue v : (JsonArray) value) {
                    out.append(first ? "" : ",");
                    append(out, v);
                    first = false;
                }
                out.append(']');
            }
            default -> out.append(value);
        }
        return out;
    }
}
