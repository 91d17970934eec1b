package io.herald.socket;

import io.herald.protocol.CloseCodes;
import io.herald.protocol.SubProtocols;
import io.herald.tenant.Connection;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code GET /ws}: one instance per connection. Authenticated in the handshake ({@link UpgradeFilter},
 * {@link HandshakeAuthenticator}); everything else is handed to {@link SessionLifecycle} and {@link ClientActions}.
 * A refused frame gets an {@code error} frame and the connection stays open.
 * <p>
 * Memory: an instance lives as long as its connection. {@link HandshakeAuthenticator} creates it with the shared
 * {@link SessionLifecycle} (no per-instance CDI injection: on Payara that kept a Weld injection target and creational
 * context per connection), and frames are decoded by {@link ClientActions#receive} with one shared decoder rather
 * than a container-made decoder instance per session.
 */
@ServerEndpoint(value = "/ws", configurator = HandshakeAuthenticator.class,
        subprotocols = {SubProtocols.JSON, SubProtocols.NDJSON})
public class HeraldEndpoint implements ClientActions.Answers {

    private static final System.Logger LOG = System.getLogger(HeraldEndpoint.class.getName());

    private final SessionLifecycle lifecycle;

    private Connection connection;

    private TextParts parts;

    private ActionLimit actions;

    HeraldEndpoint(SessionLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** For a container that makes the endpoint itself instead of asking {@link HandshakeAuthenticator}. */
    public HeraldEndpoint() {
        this(CDI.current().select(SessionLifecycle.class).get());
    }

    @OnOpen
    public void open(Session session) {
        connection = lifecycle.open(session);
        parts = new TextParts(lifecycle.maxFrameBytes());
        actions = lifecycle.actionLimit();
    }

    /** Parts, not whole messages, so that a message over the frame limit is refused before it is read whole. */
    @OnMessage
    public void message(Session session, String part, boolean last) {
        if (connection == null) {
            return;
        }
        String text = parts.add(part, last);
        if (text == TextParts.TOO_BIG) {
            close(session, CloseCodes.TOO_BIG, "frame over " + lifecycle.maxFrameBytes() + " bytes");
            return;
        }
        if (text == null) {
            return;
        }
        lifecycle.actions().receive(connection, text, actions, this);
    }

    /** Herald reads text only: a binary frame within the frame limit closes with 1003 (over it, 1009 before this). */
    @OnMessage
    public void binary(ByteBuffer data, Session session) {
        close(session, CloseCodes.CANNOT_ACCEPT, "text frames only");
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            connection.ponged();
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        if (causedBy(failure, IOException.class)) {
            LOG.log(System.Logger.Level.DEBUG, "session {0}: connection error: {1}", session.getId(), failure.toString());
        } else {
            LOG.log(System.Logger.Level.WARNING, "session " + session.getId() + ": unexpected WebSocket error", failure);
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        lifecycle.close(connection, session, reason);
    }

    private static void close(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "session {0}: closing with {1} failed: {2}", session.getId(), String.valueOf(code), e.toString());
        }
    }

    /** The answer to one of this connection's frames goes out through its outbox. */
    @Override
    public void answer(Record frame) {
        lifecycle.send(connection, frame);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
