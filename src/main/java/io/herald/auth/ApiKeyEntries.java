package io.herald.auth;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one format of configured API keys, the same in the keys file and in {@code herald.api-keys}: a JSON object from
 * key id to entry, {@code {"<id>": {"sha256": "<64 hex digits>", "tenant": "…", "user"?: "…", "roles"?: ["…"],
 * "label"?: "…", "created"?: "<ISO-8601 instant>"}}}, where {@code sha256} is the SHA-256 of the whole key
 * ({@code hk_<id>_<secret>}, UTF-8). Also the rules every key's values follow, whether configured or minted.
 * Stateless and thread-safe.
 */
final class ApiKeyEntries {

    /** Json.createReader looks the JSON-P provider up (a ServiceLoader scan) on every call: one factory, shared. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    /** Ids have no {@code _}: it ends the id in {@code hk_<id>_<secret>}. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    static final int MAX_LABEL = 200;
    static final int MAX_ROLES = 20;
    private static final Set<String> FIELDS = Set.of("sha256", "tenant", "user", "roles", "label", "created");
    /** The fields of a request to mint a key ({@code POST /api/v1/keys}). */
    static final Set<String> REQUEST_FIELDS = Set.of("tenant", "user", "roles", "label");

    private ApiKeyEntries() {
    }

    /** An entry read from the configuration, its hash decoded. */
    record Parsed(ApiKey key, byte[] sha256) {
    }

    /** What a read found: the valid entries in order, and a sentence for each entry it skipped. */
    record Read(List<Parsed> entries, List<String> skipped) {
    }

    /**
     * @param json   the whole document
     * @param source where it was read, given to every key
     * @throws IllegalArgumentException when the document is not a JSON object (nothing of it can be used)
     */
    static Read read(String json, ApiKey.Source source) {
        JsonObject all = object(json);
        List<Parsed> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        all.forEach((id, value) -> {
            try {
                entries.add(parse(id, value, source));
            } catch (IllegalArgumentException e) {
                skipped.add("entry '" + printable(id) + "' skipped: " + e.getMessage());
            }
        });
        return new Read(entries, skipped);
    }

    /** @throws IllegalArgumentException when the text is not a JSON object */
    static JsonObject object(String json) {
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object of key id to entry");
        }
    }

    static String write(JsonObject all) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = WRITERS.createWriter(out)) {
            w.writeObject(all);
        }
        return out.toString().strip() + "\n";
    }

    /** @return the entry as the file keeps it */
    static JsonObject json(ApiKey key, byte[] sha256) {
        JsonArrayBuilder roles = Json.createArrayBuilder();
        new TreeSet<>(key.roles()).forEach(roles::add);
        JsonObjectBuilder b = Json.createObjectBuilder().add("sha256", HexFormat.of().formatHex(sha256))
                .add("tenant", key.tenant()).add("user", key.user()).add("roles", roles);
        if (key.label() != null) {
            b.add("label", key.label());
        }
        if (key.created() != null) {
            b.add("created", key.created().toString());
        }
        return b.build();
    }

    private static Parsed parse(String id, JsonValue value, ApiKey.Source source) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the id must be 1-64 letters, digits, '.' or '-'");
        }
        if (!(value instanceof JsonObject o)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Values v = values(o, FIELDS);
        String sha256 = string(o, "sha256");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("'sha256' must be the SHA-256 of the key in 64 hex digits");
        }
        String created = string(o, "created");
        Instant at;
        try {
            at = created == null ? null : Instant.parse(created);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'created' must be an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
        return new Parsed(key(id, v, at, source), HexFormat.of().parseHex(sha256));
    }

    /** The values of a key that its owner chooses: the tenant (required), the user, roles and label (optional). */
    record Values(String tenant, String user, Set<String> roles, String label) {
    }

    /**
     * @param o       an entry, or a request to mint a key
     * @param allowed the fields {@code o} may have
     * @throws IllegalArgumentException with a sentence safe to show when a field is unknown, ill-typed or invalid
     */
    static Values values(JsonObject o, Set<String> allowed) {
        for (String field : o.keySet()) {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + printable(field) + "' (known: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        Values v = new Values(string(o, "tenant"), string(o, "user"), strings(o, "roles"), string(o, "label"));
        String problem = problem(v.tenant(), v.user(), v.roles(), v.label());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return v;
    }

    static ApiKey key(String id, Values v, Instant created, ApiKey.Source source) {
        return new ApiKey(id, v.tenant(), v.user() != null ? v.user() : ApiKey.DEFAULT_USER_PREFIX + id,
                v.roles() == null ? Set.of() : v.roles(), v.label(), created, source);
    }

    /** @return why these values cannot make a key, in a sentence, or null when they can */
    private static String problem(String tenant, String user, Collection<String> roles, String label) {
        if (tenant == null || !Caller.NAME.matcher(tenant).matches()) {
            return "'tenant' is required: 1-128 letters, digits or . _ : @ | + -";
        }
        if (user != null && !Caller.NAME.matcher(user).matches()) {
            return "'user' must be 1-128 letters, digits or . _ : @ | + -";
        }
        if (roles != null && (roles.size() > MAX_ROLES || !roles.stream().allMatch(r -> r != null && Caller.NAME.matcher(r).matches()))) {
            return "'roles' must be at most " + MAX_ROLES + " names of 1-128 letters, digits or . _ : @ | + -";
        }
        if (label != null && (label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl))) {
            return "'label' must be at most " + MAX_LABEL + " characters, none of them a control character";
        }
        return null;
    }

    private static String string(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("'" + field + "' must be a string");
    }

    private static Set<String> strings(JsonObject o, String field) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonArray a && a.stream().allMatch(e -> e instanceof JsonString)) {
            Set<String> values = new LinkedHashSet<>();
            a.forEach(e -> values.add(((JsonString) e).getString()));
            return values;
        }
        throw new IllegalArgumentException("'" + field + "' must be an array of strings");
    }

    /** An id or field name as it may appear in a log line: short, without control characters. */
    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
