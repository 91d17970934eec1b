package io.herald.socket;

import io.herald.auth.Caller;
import io.herald.delivery.DeliverySettings;
import io.herald.delivery.Flusher;
import io.herald.delivery.FrameEncoder;
import io.herald.delivery.Heartbeats;
import io.herald.delivery.Router;
import io.herald.replay.EventId;
import io.herald.delivery.WebSocketSink;
import io.herald.subscription.TypeFilter;
import io.herald.tenant.Connection;
import io.herald.tenant.RoomNames;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens and closes connections for the endpoint: builds the connection and its outbox, applies the connect-time
 * {@code rooms} and {@code types} parameters, sends {@code welcome} and registers the connection. Thread-safe.
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
    Router router;

    @Inject
    Flusher flusher;

    /** @return the client actions, for the endpoint (which holds this bean, not one reference per bean) */
    ClientActions actions() {
        return actions;
    }

    /**
     * @return the registered connection, or null when the session carried no verified caller (it is then closed)
     */
    public Connection open(Session session) {
        Caller caller = HandshakeAuthenticator.callerOf(session);
        if (caller == null) {
            new WebSocketSink(session).close(CloseCodes.POLICY_VIOLATION, "unauthenticated");
            return null;
        }
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        WebSocketSink.disableIdleTimeout(session);
        String protocol = SubProtocols.NDJSON.equals(session.getNegotiatedSubprotocol()) ? SubProtocols.NDJSON : SubProtocols.JSON;
        Connection c = registry.connection(session.getId(), caller,
                delivery.outbox(new WebSocketSink(session), protocol.equals(SubProtocols.NDJSON),
                        registry.tenant(caller.tenant()).stats()));

        List<ControlFrames.Error> problems = new ArrayList<>();
        Set<String> rooms = rooms(session.getRequestParameterMap(), problems);
        applyTypes(c, session.getRequestParameterMap(), problems);
        // welcome is queued before the connection becomes addressable, so it is the first frame the client reads
        c.outbox().send(FrameEncoder.json(new ControlFrames.Welcome(c.id(), c.user(), c.tenant(), protocol, heartbeats.intervalMillis(),
                Map.of("frame_bytes", settings.maxFrameBytes(), "outbox_frames", delivery.maxFrames(),
                        "outbox_bytes", delivery.maxBytes(), "rooms", settings.maxRooms(), "types", settings.maxTypes()))));
        // live events wait for the client's first frame (it may be 'resume') or the resume window, whichever is first
        c.outbox().hold();
        registry.register(c, rooms);
        if (!resumeFromParameter(c, session.getRequestParameterMap(), problems)) {
            flusher.release(c.outbox(), settings.resumeWindow());
        }
        problems.forEach(p -> c.outbox().send(FrameEncoder.json(p)));
        return c;
    }

    /**
     * {@code ?since=<id>}: replays what the connection missed before it goes on live (see {@link Router#resume}).
     *
     * @return true when a resume was made (it released the held events)
     */
    private boolean resumeFromParameter(Connection c, Map<String, List<String>> params, List<ControlFrames.Error> problems) {
        List<String> since = params.getOrDefault("since", List.of());
        if (since.isEmpty() || since.get(0).isBlank()) {
            return false;
        }
        try {
            Record reset = router.resume(c, EventId.parse(since.get(0).trim()));
            if (reset != null) {
                c.outbox().send(FrameEncoder.json(reset));
            }
            return true;
        } catch (IllegalArgumentException e) {
            problems.add(new ControlFrames.Error(null, FrameException.BAD_FRAME, "'since' is not an event id: " + since.get(0)));
            return false;
        }
    }

    /** Forgets the connection; idempotent, null-tolerant. */
    public void close(Connection c) {
        if (c != null) {
            registry.unregister(c);
            c.outbox().close();
        }
    }

    private Set<String> rooms(Map<String, List<String>> params, List<ControlFrames.Error> problems) {
        Set<String> rooms = new LinkedHashSet<>();
        for (String room : values(params, "rooms")) {
            if (!RoomNames.isValid(room)) {
                problems.add(new ControlFrames.Error(null, FrameException.BAD_FRAME, "not a room name: " + room));
            } else if (rooms.size() >= settings.maxRooms()) {
                problems.add(new ControlFrames.Error(null, FrameException.FORBIDDEN, "at most " + settings.maxRooms() + " rooms per session"));
                break;
            } else {
                rooms.add(room);
            }
        }
        return rooms;
    }

    private void applyTypes(Connection c, Map<String, List<String>> params, List<ControlFrames.Error> problems) {
        List<String> types = new ArrayList<>();
        for (String type : values(params, "types")) {
            if (TypeFilter.isValidPattern(type)) {
                types.add(type);
            } else {
                problems.add(new ControlFrames.Error(null, FrameException.BAD_FRAME, "not an event type or prefix pattern: " + type));
            }
        }
        if (!types.isEmpty()) {
            try {
                c.filter(actions.checkedFilter(TypeFilter.NONE.plus(types)));
            } catch (FrameException e) {
                problems.add(new ControlFrames.Error(null, e.code(), e.getMessage()));
            }
        }
    }

    private static List<String> values(Map<String, List<String>> params, String name) {
        List<String> values = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
    }
}
