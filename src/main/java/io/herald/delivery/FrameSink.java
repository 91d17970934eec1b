package io.herald.delivery;

/**
 * Where an outbox writes: a WebSocket session today, another kind of stream (SSE) later. Implementations need
 * not be thread-safe for {@link #send}: the outbox never has more than one send outstanding.
 */
public interface FrameSink {

    /**
     * Starts sending one text frame; {@code done} is called exactly once, possibly on the calling thread before this
     * method returns, possibly on another thread.
     */
    void send(String text, Completion done);

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
