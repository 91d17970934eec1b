package io.herald.protocol;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Map;

/** The contract's control frames, as records. Each writes its {@code type} first. */
public final class ControlFrames {

    /**
     * The type of the admin feed's frames ({@code io.herald.admin}): a figures snapshot every second to the sessions
     * of {@code herald-admin} callers that subscribed to exactly this type; no id, never in a tenant's log. Reserved:
     * only a {@code herald-admin} may subscribe to it, and no client may emit it.
     */
    public static final String STATS_TYPE = "herald.stats";

    private ControlFrames() {
    }

    /**
     * @param transport how the session is carried: {@link #WEBSOCKET}, {@link #SSE} or {@link #POLL}
     * @param lastId    the tenant's last event id when the session was accepted (its log head then): every later event
     *                  the session's rooms and types select reaches it, so a client dropped before its first event
     *                  resumes from here and misses nothing; never null (a tenant with no event yet has a "before the
     *                  first" id)
     */
    @JsonbPropertyOrder({"type", "session", "user", "tenant", "protocol", "transport", "last_id", "heartbeat_ms", "limits"})
    public record Welcome(String type, String session, String user, String tenant, String protocol, String transport,
                          @JsonbProperty("last_id") String lastId, @JsonbProperty("heartbeat_ms") long heartbeatMs,
                          Map<String, Object> limits) {
        public static final String WEBSOCKET = "websocket";
        public static final String SSE = "sse";
        public static final String POLL = "poll";

        public Welcome(String session, String user, String tenant, String protocol, String transport, String lastId,
                       long heartbeatMs, Map<String, Object> limits) {
            this("welcome", session, user, tenant, protocol, transport, lastId, heartbeatMs, limits);
        }
    }

    /**
     * {@code close}: the last frame of a session carried over HTTP (SSE, long poll), which has no close handshake of
     * its own; the codes are the WebSocket close codes ({@link CloseCodes}).
     */
    @JsonbPropertyOrder({"type", "code", "reason"})
    public record Close(String type, int code, String reason) {
        public Close(int code, String reason) {
            this("close", code, reason == null ? "" : reason);
        }
    }

    @JsonbPropertyOrder({"type", "ref", "action", "ok", "data"})
    public record Reply(String type, String ref, String action, boolean ok, Object data) {
        public Reply(String ref, String action, Object data) {
            this("reply", ref, action, true, data);
        }
    }

    @JsonbPropertyOrder({"type", "ref", "code", "message"})
    public record Error(String type, String ref, String code, String message) {
        public Error(String ref, String code, String message) {
            this("error", ref, code, message);
        }
    }

    @JsonbPropertyOrder({"type", "ref", "timestamp"})
    public record Pong(String type, String ref, String timestamp) {
        public Pong(String ref, String timestamp) {
            this("pong", ref, timestamp);
        }
    }

    /**
     * {@code reset}: a resume asked for events that are no longer kept (or of another epoch, e.g. before a restart).
     * The client must reload its state; live delivery goes on.
     *
     * @param oldest the oldest id still kept, null when none is
     */
    @JsonbNillable
    @JsonbPropertyOrder({"type", "since", "oldest"})
    public record Reset(String type, String since, String oldest) {
        public Reset(String since, String oldest) {
            this("reset", since, oldest);
        }
    }

    /** {@code drain}: the server is going away; reconnect (elsewhere) after {@code retry_after_ms}, resuming from the last id. */
    @JsonbPropertyOrder({"type", "retryAfterMs"})
    public record Drain(String type, @JsonbProperty("retry_after_ms") long retryAfterMs) {
        public Drain(long retryAfterMs) {
            this("drain", retryAfterMs);
        }
    }

    /**
     * {@code presence}: a user became a member of a room (its first device joined) or stopped being one (its last
     * device left, or closed and did not come back within the grace). Not an event: no id, never replayed.
     *
     * @param state {@code join} or {@code leave}
     * @param meta  the member's metadata (from its first device's {@code join} frame), {@code {}} when none
     */
    @JsonbPropertyOrder({"type", "room", "user", "state", "meta"})
    public record Presence(String type, String room, String user, String state, JsonObject meta) {
        public Presence(String room, String user, String state, JsonObject meta) {
            this("presence", room, user, state, meta == null ? JsonValue.EMPTY_JSON_OBJECT : meta);
        }
    }

    /**
     * {@code user:status}: a user of the tenant came online (its first connection) or went offline (its last one
     * closed and none came back within the grace), for the sessions that subscribed to the type. No id, never replayed.
     *
     * @param state {@code online} or {@code offline}
     */
    @JsonbPropertyOrder({"type", "user", "state"})
    public record UserStatus(String type, String user, String state) {
        public static final String TYPE = "user:status";

        public UserStatus(String user, String state) {
            this(TYPE, user, state);
        }
    }

    /**
     * A client event ({@code emit}) as the room's other members receive it: the emitted type, the room, the sender
     * (from its credential) and its data. No id, never replayed.
     */
    @JsonbPropertyOrder({"type", "room", "user", "data"})
    public record ClientEventFrame(String type, String room, String user, JsonValue data) {
    }
}
