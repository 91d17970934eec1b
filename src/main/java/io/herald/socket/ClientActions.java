package io.herald.socket;

import io.herald.auth.AuthenticationException;
import io.herald.auth.Authenticator;
import io.herald.auth.Caller;
import io.herald.call.CallContext;
import io.herald.call.Calls;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Eviction;
import io.herald.emit.ClientEvents;
import io.herald.log.EventId;
import io.herald.presence.Member;
import io.herald.presence.Presence;
import io.herald.presence.RoomPresence;
import io.herald.metrics.RateLimit;
import io.herald.protocol.ClientFrame;
import io.herald.protocol.ClientFrameDecoder;
import io.herald.protocol.CloseCodes;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.FrameException;
import io.herald.protocol.Json;
import io.herald.rooms.RoomAccess;
import io.herald.subscription.TypeFilter;
import io.herald.tenant.Connection;
import io.herald.tenant.RoomNames;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out client actions ({@code subscribe}, {@code unsubscribe}, {@code join}, {@code leave}, {@code ping},
 * {@code info}, {@code resume}, {@code auth}, {@code emit}: {@link ClientEvents}, {@code call}) for one connection and
 * answers with the frame to send back. Stateless and thread-safe; the state changed lives in the connection and the
 * registry.
 * <p>
 * {@code call} is answered later, off the read thread: {@link Calls} runs the application's method and its answer
 * (a {@code reply} or an {@code error}) is sent to the connection when it completes.
 * <p>
 * {@code auth} replaces the session's credential with a fresh token of the same tenant and user (new expiry, roles,
 * room grants), so a session outlives the token it connected with. Refused, the session keeps its credential (and
 * still closes with 4401 when that runs out): a token that does not verify is answered {@code unauthorized}, one of
 * another user or tenant {@code forbidden}, and so is any {@code auth} on a session opened with an API key (a key does
 * not expire; it is revoked, and a token cannot stand in for it).
 */
@ApplicationScoped
public class ClientActions {

    private static final System.Logger LOG = System.getLogger(ClientActions.class.getName());

    static final int MAX_TYPES_PER_FRAME = 100;

    private static final ClientFrameDecoder FRAMES = new ClientFrameDecoder();

    @Inject
    TenantRegistry registry;

    @Inject
    SocketSettings settings;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Authenticator authenticator;

    @Inject
    RoomAccess access;

    @Inject
    Calls calls;

    @Inject
    RoomPresence presence;

    @Inject
    ClientEvents clientEvents;

    @Inject
    Eviction eviction;

    /** Where the answers to a connection's frames go: its own outbox for a socket, the HTTP response for an action over HTTP. */
    @FunctionalInterface
    public interface Answers {
        /** @param frame a {@code reply}, {@code pong} or {@code error} frame, never null */
        void answer(Record frame);
    }

    /**
     * Receives one client frame as it arrived, for any transport: counts it, decodes it, admits it by the connection's
     * action rate and carries it out. {@code answers} is given exactly one frame for it (a reply, a pong or an error:
     * on this thread, or later for a {@code call}), unless it was the last straw of the rate limit: the connection is
     * then closed with 4429 and nothing is answered. A refused frame leaves the connection open. Frames of one
     * connection must come one at a time ({@code limit} is not thread-safe).
     *
     * @return false when the connection was closed for abuse (no answer comes)
     */
    public boolean receive(Connection c, String text, ActionLimit limit, Answers answers) {
        c.received();
        ClientFrame frame;
        try {
            frame = FRAMES.decode(text);
        } catch (DecodeException e) {
            answers.answer(new ControlFrames.Error(null, FrameException.BAD_JSON,
                    "frame is not valid JSON, or nested deeper or with numbers longer than the parser takes"));
            return true;
        }
        switch (limit.admit(System.nanoTime())) {
            case REFUSE -> {
                c.stats().refused(RateLimit.ACTION);
                answers.answer(new ControlFrames.Error(frame.ref(), FrameException.RATE_LIMITED,
                        "too many frames (herald.limits.actions-per-minute); this one was not carried out"));
                return true;
            }
            case CLOSE -> {
                eviction.forced(c, CloseCodes.RATE_LIMITED, "rate limit exceeded");
                return false;
            }
            case ACCEPT -> { }
        }
        Record reply;
        try {
            reply = handle(c, frame, answers);
        } catch (FrameException e) {
            reply = new ControlFrames.Error(frame.ref(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session " + c.id() + " of tenant " + c.tenant() + ": action "
                    + frame.action() + " failed", e);
            reply = new ControlFrames.Error(frame.ref(), FrameException.INTERNAL, "internal error");
        }
        if (reply != null) {
            answers.answer(reply);
        }
        return true;
    }

    /**
     * @param later where the answer of a {@code call} goes when it completes
     * @return the reply frame; null for a {@code call}, whose answer goes to {@code later}
     * @throws FrameException when the frame is refused; the connection stays open
     */
    public Record handle(Connection c, ClientFrame frame, Answers later) throws FrameException {
        if (frame.action() == null) {
            throw new FrameException(FrameException.BAD_FRAME, "a frame is a JSON object with a string 'action'");
        }
        return switch (frame.action()) {
            case "subscribe" -> {
                List<String> types = types(frame);
                checkReserved(c.caller(), types);
                c.filter(checkedFilter(c.filter().plus(types)));
                yield reply(frame, Map.of("types", c.filter().patterns()));
            }
            case "unsubscribe" -> {
                c.filter(c.filter().minus(types(frame)));
                yield reply(frame, Map.of("types", c.filter().patterns()));
            }
            case "join" -> {
                String room = room(frame);
                if (!c.isIn(room) && !access.mayJoin(c.caller(), room)) {
                    throw new FrameException(FrameException.FORBIDDEN, RoomAccess.refusal(room));
                }
                if (!c.isIn(room) && c.rooms().size() >= settings.maxRooms()) {
                    throw new FrameException(FrameException.FORBIDDEN, "at most " + settings.maxRooms() + " rooms per session");
                }
                registry.join(c, room, presence.meta(frame));
                yield reply(frame, joined(c, room));
            }
            case "leave" -> {
                String room = room(frame);
                if (!registry.leave(c, room)) {
                    throw new FrameException(FrameException.NOT_FOUND, "not in room " + room);
                }
                yield reply(frame, Map.of("room", room, "rooms", c.rooms()));
            }
            case "ping" -> new ControlFrames.Pong(frame.ref(), Json.timestamp(Instant.now()));
            case "info" -> reply(frame, info(c));
            case "resume" -> {
                EventId since = since(frame);
                ControlFrames.Reset reset = dispatcher.resume(c, since);
                if (reset != null) {
                    dispatcher.send(c, reset);
                }
                yield reply(frame, Map.of("since", since.toString(), "reset", reset != null));
            }
            case "auth" -> reply(frame, Map.of("expires_at", Json.timestamp(reauthenticate(c, token(frame)))));
            case "call" -> {
                call(c, frame, later);
                yield null;
            }
            case "emit" -> clientEvents.emit(c, frame);
            default -> throw new FrameException(FrameException.BAD_FRAME, "unknown action: " + frame.action());
        };
    }

    /**
     * The {@code join} reply's data: the room, the session's rooms and, where the room has presence, its members
     * (none while the cluster's presence is unreachable: the join itself holds).
     */
    private Map<String, Object> joined(Connection c, String room) {
        List<Member> members;
        try {
            members = presence.members(c.tenant(), room);
        } catch (Presence.Unavailable e) {
            members = null;
        }
        return members == null ? Map.of("room", room, "rooms", c.rooms())
                : Map.of("room", room, "rooms", c.rooms(), "members", members);
    }

    /**
     * The admin feed's type ({@link ControlFrames#STATS_TYPE}) is for {@code herald-admin} callers only: the figures
     * of every tenant. Only the exact type is reserved; a pattern that would take it ({@code herald.*}, {@code *})
     * is anyone's, and brings no admin frame (the feed sends to exact subscribers only).
     *
     * @throws FrameException {@code forbidden} when {@code types} names it and the caller is not {@code herald-admin}
     */
    static void checkReserved(Caller caller, List<String> types) throws FrameException {
        if (types.contains(ControlFrames.STATS_TYPE) && !caller.hasRole(Caller.ADMIN)) {
            throw new FrameException(FrameException.FORBIDDEN,
                    ControlFrames.STATS_TYPE + " is for herald-admin only: the figures of every tenant");
        }
    }

    /** @throws FrameException when the filter would exceed the per-session subscription limit */
    TypeFilter checkedFilter(TypeFilter filter) throws FrameException {
        if (filter.size() > settings.maxTypes()) {
            throw new FrameException(FrameException.FORBIDDEN, "at most " + settings.maxTypes() + " type patterns per session");
        }
        return filter;
    }

    /** @return when the fresh credential expires */
    private Instant reauthenticate(Connection c, String token) throws FrameException {
        if (c.caller().keyId() != null) {
            throw new FrameException(FrameException.FORBIDDEN,
                    "this session was opened with an API key: a token cannot replace it; the session is unchanged");
        }
        Caller fresh;
        try {
            fresh = authenticator.authenticateToken(token);
        } catch (AuthenticationException e) {
            throw new FrameException(FrameException.UNAUTHORIZED, e.getMessage() + "; the session is unchanged");
        }
        if (!fresh.tenant().equals(c.tenant()) || !fresh.user().equals(c.user())) {
            throw new FrameException(FrameException.FORBIDDEN,
                    "the token is for another user or tenant than the session's; the session is unchanged");
        }
        c.reauthenticated(fresh);
        LOG.log(System.Logger.Level.DEBUG, "session {0} of tenant {1} re-authenticated until {2}", c.id(), c.tenant(), fresh.expiresAt());
        return fresh.expiresAt();
    }

    /** The tenant and user are the connection's, from its credential: a frame's fields never name them. */
    private void call(Connection c, ClientFrame frame, Answers later) throws FrameException {
        if (!(frame.body().get("method") instanceof JsonString method)) {
            throw new FrameException(FrameException.BAD_FRAME, "'method' must be the name of a call method, a string");
        }
        CallContext caller = new CallContext(c.tenant(), c.user(), c.caller().roles(), c.id());
        calls.call(caller, method.getString(), frame.body().get("data")).whenComplete((data, failure) ->
                later.answer(failure == null ? reply(frame, data) : error(frame, Calls.errorOf(failure))));
    }

    private static ControlFrames.Error error(ClientFrame frame, FrameException e) {
        return new ControlFrames.Error(frame.ref(), e.code(), e.getMessage());
    }

    private static String token(ClientFrame frame) throws FrameException {
        if (!(frame.body().get("token") instanceof JsonString s) || s.getString().isBlank()) {
            throw new FrameException(FrameException.BAD_FRAME, "'token' must be a JWT, a string");
        }
        return s.getString();
    }

    private static Map<String, Object> info(Connection c) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("session", c.id());
        info.put("user", c.user());
        info.put("tenant", c.tenant());
        info.put("rooms", c.rooms());
        info.put("types", c.filter().patterns());
        info.put("connected_since", Json.timestamp(c.openedAt()));
        info.put("messages_in", c.messagesIn());
        info.put("messages_out", c.outbound().sent());
        info.put("queued", c.outbound().queued());
        return info;
    }

    private static ControlFrames.Reply reply(ClientFrame frame, Object data) {
        return new ControlFrames.Reply(frame.ref(), frame.action(), data);
    }

    private static String room(ClientFrame frame) throws FrameException {
        if (!(frame.body().get("room") instanceof JsonString s) || !RoomNames.isValid(s.getString())) {
            throw new FrameException(FrameException.BAD_FRAME,
                    "'room' must be a room name: letters, digits and . _ : @ -, at most 128 characters");
        }
        return s.getString();
    }

    private static EventId since(ClientFrame frame) throws FrameException {
        try {
            if (frame.body().get("since") instanceof JsonString s) {
                return EventId.parse(s.getString());
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new FrameException(FrameException.BAD_FRAME, "'since' must be an event id this server sent");
    }

    private static List<String> types(ClientFrame frame) throws FrameException {
        if (!(frame.body().get("types") instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_TYPES_PER_FRAME) {
            throw new FrameException(FrameException.BAD_FRAME,
                    "'types' must be a non-empty list of at most " + MAX_TYPES_PER_FRAME + " event types");
        }
        List<String> types = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s) || !TypeFilter.isValidPattern(s.getString())) {
                throw new FrameException(FrameException.BAD_FRAME, "not an event type or prefix pattern: " + v);
            }
            types.add(s.getString());
        }
        return types;
    }
}
