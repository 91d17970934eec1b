package io.herald.delivery;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link FrameSink} over a WebSocket session's async remote. One instance per session, reused for every send so
 * that a delivery allocates no handler. Not thread-safe for {@link #send}; its outbox guarantees one send at a time.
 */
public final class WebSocketSink implements FrameSink, SendHandler {

    private static final System.Logger LOG = System.getLogger(WebSocketSink.class.getName());

    private final Session session;
    private Completion completion;

    public WebSocketSink(Session session) {
        this.session = session;
    }

    @Override
    public void send(String text, Completion done) {
        completion = done;
        session.getAsyncRemote().sendText(text, this);
    }

    @Override
    public void ping(Completion done) {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            done.sent(null);
        } catch (IOException | RuntimeException e) {
            done.sent(e);
        }
    }

    @Override
    public void onResult(SendResult result) {
        completion.sent(result.isOK() ? null : result.getException());
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed: {0}", e.toString());
        }
    }
}
