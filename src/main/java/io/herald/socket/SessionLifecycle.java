package io.herald.socket;

import io.herald.auth.ApiKeys;
import io.herald.delivery.DeliverySettings;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Eviction;
import io.herald.delivery.FrameSink;
import io.herald.delivery.Heartbeats;
import io.herald.delivery.Outbox;
import io.herald.delivery.WebSocketSink;
import io.herald.log.EventId;
import io.herald.platform.ServerPlatform;
import io.herald.protocol.CloseCodes;
import io.herald.protocol.Codec;
import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.FrameException;
import io.herald.rooms.RoomAccess;
import io.herald.subscription.TypeFilter;
import io.herald.tenant.Connection;
import io.herald.tenant.RoomNames;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens and closes connections, for the WebSocket endpoint and for the HTTP transports ({@code io.herald.stream}): builds the connection and its outbox, applies the connect-time
 * {@code rooms}, {@code types} and {@code since} parameters, sends {@code welcome} and has delivery register the
 * connection from its connect point, so nothing published after its socket opened is missed and nothing is held back.
 * Thread-safe.
 */
@ApplicationScoped
public class SessionLifecycle {

    @Inject
    TenantRegistry registry;

    @Inject
    DeliverySettings delivery;

    @Inject
    SocketSettings settings;

    @Inject
    ClientActions actions;

    @Inject
    Heartbeats heartbeats;

    @Inject
    Dispatcher dispatcher;

    @Inject
    ApiKeys apiKeys;

    @Inject
    Eviction eviction;

    @Inject
    RoomAccess access;

    /** @return the client actions, for the endpoints (which hold this bean, not one reference per bean) */
    public ClientActions actions() {
        return actions;
    }

    /** @return a new inbound action limit, for one connection */
    public ActionLimit actionLimit() {
        return settings.actionLimit();
    }

    /** @return {@code herald.limits.frame-bytes} */
    public int maxFrameBytes() {
        return settings.maxFrameBytes();
    }

    /** Sends a control frame to the connection (a reply or an error), starting at once if nothing is in flight. */
    void send(Connection c, Record frame) {
        dispatcher.send(c, frame);
    }

    /**
     * @return the registered connection, or null when the session carried no verified caller (it is then closed)
     */
    public Connection open(Session session) {
        VerifiedCaller verified = HandshakeAuthenticator.callerOf(session);
        if (verified == null) {
            new WebSocketSink(session).close(CloseCodes.POLICY_VIOLATION, "unauthenticated");
            return null;
        }
        ServerPlatform.current().opened(session);
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
        WebSocketSink.disableIdleTimeout(session);
        return open(verified, session.getId(), new WebSocketSink(session), Codecs.of(session.getNegotiatedSubprotocol()),
                ControlFrames.Welcome.WEBSOCKET, session.getRequestParameterMap());
    }

    /**
     * Opens a session on any transport: builds its connection and outbox over {@code sink}, applies the connect-time
     * {@code rooms}, {@code types} and {@code since} of {@code params}, queues {@code welcome} (its first frame) and has
     * delivery register it from its connect point. The same path for a WebSocket, an SSE stream and a long poll.
     *
     * @param id        the session's id, unique on this node
     * @param transport the {@code welcome} frame's {@code transport}
     * @param params    the connect-time query parameters, by name (values as the request carried them)
     * @return the registered connection (already closed again when its API key was revoked meanwhile)
     */
    public Connection open(VerifiedCaller verified, String id, FrameSink sink, Codec codec, String transport,
                           Map<String, List<String>> params) {
        Outbox outbox = delivery.outbox(sink, codec, registry.tenant(verified.caller().tenant()).stats());
        Connection c = registry.connection(id, verified.caller(), codec.subprotocol(), outbox);

        List<ControlFrames.Error> problems = new ArrayList<>();
        Set<String> rooms = permitted(verified, connectRooms(params.getOrDefault("rooms", List.of()), settings.maxRooms(), problems), problems);
        applyTypes(c, params, problems);
        EventId since = since(params, problems);
        // welcome is queued before the connection becomes addressable, so it is the first frame the client reads
        outbox.send(new ControlFrames.Welcome(c.id(), c.user(), c.tenant(), codec.subprotocol(), transport,
                verified.connectPoint().toString(), heartbeats.intervalMillis(),
                Map.of("frame_bytes", settings.maxFrameBytes(), "outbox_frames", delivery.maxFrames(),
                        "outbox_bytes", delivery.maxBytes(), "rooms", settings.maxRooms(), "types", settings.maxTypes())));
        ControlFrames.Reset reset = dispatcher.open(c, rooms, since != null ? since : verified.connectPoint());
        if (reset != null) {
            outbox.send(reset);
            if (since != null) { // what was published after the upgrade still reaches the session, after the reset
                dispatcher.resume(c, verified.connectPoint());
            }
        }
        problems.forEach(outbox::send);
        String keyId = c.caller().keyId();
        if (keyId != null && !apiKeys.isActive(keyId)) {
            // revoked after the upgrade was authenticated: the revocation's walk of the open sessions may have missed it
            eviction.forced(c, CloseCodes.CREDENTIAL_EXPIRED, ApiKeys.REVOKED);
        }
        return c;
    }

    /**
     * Forgets the connection (the client or the server closed it) and gives its place in the connection quota back;
     * idempotent, null-tolerant ({@code c} is null when the session never became a connection).
     */
    public void close(Connection c, Session session, CloseReason reason) {
        if (session.getUserPrincipal() instanceof VerifiedCaller v) {
            closed(c, v, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        } else if (c != null) {
            dispatcher.closed(c, reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }
    }

    /**
     * A session of any transport ended (closed by either side): forgets the connection and gives its place in the
     * connection quota back. Idempotent; {@code c} may be null (the session never became a connection).
     */
    public void closed(Connection c, VerifiedCaller verified, int code, String reason) {
        Admission.abandon(verified);
        if (c != null) {
            dispatcher.closed(c, code, reason);
        }
    }

    /** {@code ?since=<id>}: the id to resume from, or null (none, or not an id: a problem is reported). */
    private static EventId since(Map<String, List<String>> params, List<ControlFrames.Error> problems) {
        List<String> since = params.getOrDefault("since", List.of());
        if (since.isEmpty() || since.get(0).isBlank()) {
            return null;
        }
        try {
            return EventId.parse(since.get(0).trim());
        } catch (IllegalArgumentException e) {
            problems.add(new ControlFrames.Error(null, FrameException.BAD_FRAME, "'since' is not an event id: " + since.get(0)));
            return null;
        }
    }

    /**
     * The rooms of {@code ?rooms=}: the valid names, in order, at most {@code maxRooms}; each other name, and the
     * limit once, reported to {@code problems} when it is not null.
     *
     * @param raw the parameter's values, each a comma-separated list
     */
    static Set<String> connectRooms(List<String> raw, int maxRooms, List<ControlFrames.Error> problems) {
        Set<String> rooms = new LinkedHashSet<>();
        for (String room : split(raw)) {
            if (!RoomNames.isValid(room)) {
                report(problems, FrameException.BAD_FRAME, "not a room name: " + room);
            } else if (rooms.size() >= maxRooms && !rooms.contains(room)) {
                report(problems, FrameException.FORBIDDEN, "at most " + maxRooms + " rooms per session");
                break;
            } else {
                rooms.add(room);
            }
        }
        return rooms;
    }

    /**
     * The rooms the caller may join among those asked for at connect: where {@link UpgradeFilter} ran it has refused
     * the upgrade over any other; where it did not, a private room the caller may not join is left out and reported
     * {@code forbidden}.
     */
    private Set<String> permitted(VerifiedCaller verified, Set<String> rooms, List<ControlFrames.Error> problems) {
        rooms.removeIf(room -> {
            if (!access.isPrivate(room) || verified.privateRooms().contains(room) || access.mayJoin(verified.caller(), room)) {
                return false;
            }
            problems.add(new ControlFrames.Error(null, FrameException.FORBIDDEN, RoomAccess.refusal(room)));
            return true;
        });
        return rooms;
    }

    private static void report(List<ControlFrames.Error> problems, String code, String message) {
        if (problems != null) {
            problems.add(new ControlFrames.Error(null, code, message));
        }
    }

    private void applyTypes(Connection c, Map<String, List<String>> params, List<ControlFrames.Error> problems) {
        List<String> types = new ArrayList<>();
        for (String type : split(params.getOrDefault("types", List.of()))) {
            if (TypeFilter.isValidPattern(type)) {
                types.add(type);
            } else {
                problems.add(new ControlFrames.Error(null, FrameException.BAD_FRAME, "not an event type or prefix pattern: " + type));
            }
        }
        try {
            ClientActions.checkReserved(c.caller(), types);
        } catch (FrameException e) { // the rest of the subscription applies, as with any refused value
            types.removeIf(ControlFrames.STATS_TYPE::equals);
            problems.add(new ControlFrames.Error(null, e.code(), e.getMessage()));
        }
        if (!types.isEmpty()) {
            try {
                c.filter(actions.checkedFilter(TypeFilter.NONE.plus(types)));
            } catch (FrameException e) {
                problems.add(new ControlFrames.Error(null, e.code(), e.getMessage()));
            }
        }
    }

    /** @return the comma-separated items of a parameter's values, trimmed, without empty ones */
    private static List<String> split(List<String> raw) {
        List<String> values = new ArrayList<>();
        for (String v : raw) {
            Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
    }
}
