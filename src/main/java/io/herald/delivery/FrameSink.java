package io.herald.delivery;

import io.herald.protocol.WireFrame;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Where an outbox writes: a WebSocket session ({@link WebSocketSink}), an SSE stream or a long poll
 * ({@code io.herald.stream}).
 * Implementations need not be thread-safe for {@link #send}: the outbox never has more than one send outstanding
 * (one frame, or one batch of frames, see {@link #maxFramesPerSend()}).
 */
public interface FrameSink {

    /**
     * Starts sending one frame; {@code done} is called exactly once, possibly on the calling thread before this method
     * returns, possibly on another thread.
     */
    void send(WireFrame frame, Completion done);

    /**
     * How many frames one send may carry: more than 1 only when the transport can write several frames as one batch
     * (JSR-356 batching), so that frames waiting for the same session cost one write instead of one each.
     */
    default int maxFramesPerSend() {
        return 1;
    }

    /**
     * Starts sending these frames, in order, as one batch; {@code done} is called exactly once, when all of them were
     * written or the first failed. Only called with 2 to {@link #maxFramesPerSend()} frames.
     */
    default void send(List<WireFrame> frames, Completion done) {
        throw new UnsupportedOperationException("this sink sends one frame at a time");
    }

    /**
     * The session has ended (its transport told so, or it was closed): once this returns, no write of this sink is
     * under way and none will start; a send asked for later completes at once with a failure and writes nothing.
     * Called once, on the thread that learnt of the end, before the transport lets go of the connection.
     */
    default void ended() {
    }

    /**
     * @return where a send is cheapest to start (the connection's I/O thread on Undertow), or null where any thread
     *         will do
     */
    default Executor sendExecutor() {
        return null;
    }

    /**
     * How long the send in flight has waited on the client, for the send timeout ({@code herald.outbox.send-timeout}):
     * a stream waits on its client from the moment the send started ({@code inFlightMillis}); a long poll holds a batch
     * for the client's next poll without waiting on anyone, so only the time since a poll took it counts.
     */
    default long stalledMillis(long inFlightMillis, long now) {
        return inFlightMillis;
    }

    /**
     * How long the client may stay unheard before the heartbeat scan closes the session with 4408, given
     * {@code herald.heartbeat.timeout}: that one for a socket or a stream; for a long poll, its own idle timeout between
     * polls, and no limit while a poll waits.
     */
    default long silenceTimeoutMillis(long heartbeatTimeoutMillis) {
        return heartbeatTimeoutMillis;
    }

    /** Sends a heartbeat ping; {@code done} is called exactly once, as for {@link #send}. */
    void ping(Completion done);

    /** Closes the underlying connection with a close code and reason; never throws. */
    void close(int code, String reason);

    /** Told when a send finished. */
    interface Completion {
        /** @param failure null when the frame was written */
        void sent(Throwable failure);
    }
}
