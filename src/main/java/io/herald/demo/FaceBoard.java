package io.herald.demo;

import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The state behind the JSF page ({@code pages/faces.xhtml}, through {@link FacePage}): per tenant, the latest
 * {@link #ROWS} {@code face.registered} events and how many there were since this node first showed the tenant's
 * board. It reads them from Herald's event log each time the page renders (its first view and every
 * {@code <f:ajax event="face.registered">} re-render), so the board holds what Herald published, by any path: the
 * demo feed's CDI events and what other systems POST to the HTTP API alike.
 * <p>
 * The page has no login (Herald's own WAR has none), so the board answers only in dev mode
 * ({@code herald.dev.enabled}, where {@code /dev/token} mints a token of any tenant for anyone, so the board shows
 * nothing that dev mode keeps from anyone); off, {@link #of} is empty for every tenant. Bounded: {@link #TENANTS}
 * boards, least recently used forgotten. Thread-safe: one lock over the boards, held while reading the log's memory
 * ring (never a client's I/O).
 */
@ApplicationScoped
public class FaceBoard {

    static final int ROWS = 10;
    static final int TENANTS = 100;
    static final String TYPE = "face.registered";
    /** A tenant name as the pages accept it in {@code ?tenant=} (session.js's NAME). */
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._:@|+-]{1,128}");
    private static final int FIELD_CHARS = 80;

    /** How the page writes a time: UTC, to the second (the server's clock; the browser's zone is not known to it). */
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * One registration as the table shows it; any field the payload lacked is {@code "–"}. (Jakarta EL 5 reads no
     * record components as properties: the page calls the accessors, {@code #{row.faceId()}}.)
     */
    public record Row(String id, Instant at, String faceId, String externalId, String camera) {
        public String clock() {
            return CLOCK.format(at);
        }
    }

    /** What the page renders: a snapshot, newest first; {@code since} is when counting began, {@code at} this read. */
    public record Board(String tenant, long total, List<Row> rows, Instant since, Instant at, boolean available) {
        public String sinceClock() {
            return CLOCK.format(since);
        }

        public String renderedClock() {
            return CLOCK.format(at);
        }
    }

    @Inject
    EventLog log;

    @Inject
    @ConfigProperty(name = "herald.dev.enabled", defaultValue = "false")
    boolean dev;

    /** Guarded by itself. */
    private final Map<String, Tally> boards = new Lru<>(TENANTS);

    /** @return false outside dev mode: the page then says it needs a token and shows no board */
    public boolean isAvailable() {
        return dev;
    }

    /**
     * Catches the tenant's board up with the log and returns it.
     *
     * @param tenant the page's {@code ?tenant=}; null, blank or not a tenant name: {@code demo}, as the pages do
     * @return never null; empty and not {@code available} outside dev mode
     */
    public Board of(String tenant) {
        String t = tenant != null && TENANT.matcher(tenant).matches() ? tenant : "demo";
        if (!dev) {
            Instant now = Instant.now();
            return new Board(t, 0, List.of(), now, now, false);
        }
        synchronized (boards) {
            Tally tally = boards.computeIfAbsent(t, k -> new Tally(log.head(k), Instant.now()));
            tally.catchUp(log.since(t, tally.cursor), log.head(t));
            return new Board(t, tally.total, List.copyOf(tally.rows), tally.since, Instant.now(), true);
        }
    }

    /** One tenant's board. Guarded by the boards' lock. */
    private static final class Tally {
        EventId cursor;
        long total;
        final Deque<Row> rows = new ArrayDeque<>(ROWS + 1);
        final Instant since;

        Tally(EventId cursor, Instant since) {
            this.cursor = cursor;
            this.since = since;
        }

        /** A reset (more events came than the log keeps since the last look): go on from the head, the rest unseen. */
        void catchUp(Replay replay, EventId head) {
            if (replay instanceof Replay.Events events) {
                for (LoggedEvent e : events.events()) {
                    if (TYPE.equals(e.type())) {
                        add(e);
                    }
                    cursor = e.id();
                }
            } else {
                cursor = head;
            }
        }

        private void add(LoggedEvent e) {
            JsonObject data = object(e.data());
            rows.addFirst(new Row(e.id().toString(), Instant.ofEpochMilli(e.at()), field(data, "face_id"),
                    field(data, "external_id"), field(data, "camera")));
            if (rows.size() > ROWS) {
                rows.removeLast();
            }
            total++;
        }
    }

    /** @return the payload as an object; an empty one when it is another JSON value (any publisher may send any) */
    static JsonObject object(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        } catch (JsonParsingException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** @return the string (or number) field, cut to {@value #FIELD_CHARS} characters; {@code "–"} when absent */
    static String field(JsonObject data, String name) {
        JsonValue v = data.get(name);
        String s = v instanceof JsonString js ? js.getString()
                : v == null || v.getValueType() == JsonValue.ValueType.NULL ? "" : v.toString();
        s = s.strip();
        return s.isEmpty() ? "–" : s.length() > FIELD_CHARS ? s.substring(0, FIELD_CHARS) + "…" : s;
    }
}
