package io.herald.stream;

import io.herald.delivery.FrameSink;
import io.herald.protocol.CloseCodes;
import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.WireFrame;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link FrameSink} over one SSE response. A send writes its frames as one batch of SSE messages
 * ({@link SseFormat}) in one non-blocking write, flushed at once, and completes when the container has taken it; so
 * what waits in the outbox while a write is in flight goes out as the next single write (up to
 * {@link #MAX_FRAMES_PER_SEND} frames), as ndjson does on a socket. A heartbeat ping is the comment {@code :}: its
 * write counts as the client heard (a stream's client sends nothing; a dead one fails a write, a stalled one stalls
 * it: 4508 after {@code herald.outbox.send-timeout}). Closing writes the {@code close} frame (behind a send still in
 * flight, when the close was forced on a stalled reader), then ends the response; a reader that does not take it
 * within {@code CLOSE_WRITE_GRACE} is cut off. The end of the response, however
 * it came (closed, failed, the client gone), ends the session. One send at a time (its outbox's rule); close and the
 * container's callbacks from any thread.
 */
final class SseSink implements FrameSink, AsyncWriter.Callback, AsyncListener {

    static final int MAX_FRAMES_PER_SEND = 512;
    /** The code a stream that ended without a close of the server's is counted with: the client went away. */
    static final int LOST = 1006;

    private final AsyncWriter writer;
    private final StreamSession session;
    private final StreamSessions sessions;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int closeCode = LOST;
    private volatile String closeReason = "connection lost";
    private Completion completion;
    private boolean pinging;

    SseSink(AsyncWriter writer, StreamSession session, StreamSessions sessions) {
        this.writer = writer;
        this.session = session;
        this.sessions = sessions;
    }

    @Override
    public int maxFramesPerSend() {
        return MAX_FRAMES_PER_SEND;
    }

    @Override
    public void send(WireFrame frame, Completion done) {
        start(done, false);
        writer.write(SseFormat.message(frame), this);
    }

    @Override
    public void send(List<WireFrame> frames, Completion done) {
        start(done, false);
        writer.write(SseFormat.messages(frames), this);
    }

    @Override
    public void ping(Completion done) {
        start(done, true);
        writer.write(SseFormat.HEARTBEAT, this);
    }

    private void start(Completion done, boolean ping) {
        completion = done;
        pinging = ping;
    }

    @Override
    public void written(Throwable failure) {
        if (failure == null && pinging) {
            session.heard();
        }
        completion.sent(failure);
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        closeReason = reason;
        if (code == CloseCodes.SERVER_ERROR) { // a send failed: nothing more will go out
            writer.complete();
            return;
        }
        // behind a send still in flight (a close forced on a stalled reader), as a socket's close frame follows its data
        writer.writeLast(SseFormat.message(Codecs.JSON.control(new ControlFrames.Close(code, reason))));
        sessions.schedule(writer::complete, StreamSettings.CLOSE_WRITE_GRACE); // a reader that never takes it
    }

    @Override
    public void onComplete(AsyncEvent event) {
        session.ended(closeCode, closeReason);
        sessions.forget(session);
    }

    @Override
    public void onError(AsyncEvent event) {
        writer.complete();
        onComplete(event);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        onError(event);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
