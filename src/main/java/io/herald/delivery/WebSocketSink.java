package io.herald.delivery;

import io.herald.platform.ServerPlatform;
import io.herald.protocol.WireFrame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link FrameSink} over a WebSocket session's async remote. One instance per session, reused for every send so
 * that a delivery allocates no handler. Not thread-safe for {@link #send}; its outbox guarantees one send (one frame
 * or one batch) at a time; completions may arrive on container threads.
 * <p>
 * Batches: where the container implements JSR-356 batching (Undertow on WildFly does; Tyrus on Payara answers
 * {@code getBatchingAllowed() == false}), the frames of one batch are queued with batching on and written by one
 * {@code flushBatch()}: one socket write for all of them instead of one write and one completion round trip each.
 * Batching is on only while a batch is being queued, so that frames the container sends by itself (pongs, the close
 * handshake) are never left waiting for an explicit flush.
 * <p>
 * Class loader: every send runs with the platform class loader as its thread's context class loader. On Payara each
 * Tyrus send (pings too) schedules an idle-timeout task on the default managed scheduled executor, whose context
 * capture runs {@code ServiceLoader.load(ThreadContextProvider.class, <context class loader>)}: with the
 * application's loader that is a look through every jar of the application and of the server, ~0.1 ms of CPU per
 * send, most of what a send costs there (../shared/PLATFORM-NOTES.md); with the platform loader there is nothing to
 * look through. A send needs no application class: its frame is encoded already. Nothing of Herald runs inside the
 * container's send call: a completion that arrives synchronously, within that call, is run once the call returned.
 * <p>
 * Ended sessions ({@link #ended}): the container's check that a session is open and its write to the connection are
 * not one step, so a send racing the session's close can write after the close. On Payara that write is not merely
 * lost: once the WebSocket layer closes an upgraded connection the servlet container recycles its response for the next
 * request, and the late frame became the answer to someone else's upgrade ({@code HTTP/1.1 200 OK} and an event of
 * this session: CloseRaceIT). So every container send call runs with this sink's {@code writer} set, and
 * {@link #ended}, which the close path calls before the container lets go of the connection, marks the sink ended and
 * waits for a call under way to return; a send that sees the mark writes nothing.
 */
public final class WebSocketSink implements FrameSink, SendHandler {

    static final int MAX_FRAMES_PER_BATCH = 32;
    /** How long {@link #ended} waits for a send call under way (a non-blocking write: microseconds, in practice). */
    static final long END_WAIT_NANOS = 1_000_000_000L;
    private static final IllegalStateException ENDED = new IllegalStateException("the session ended") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // one shared instance: a refused send is routine at a close, not a failure to trace
        }
    };
    private static final ClassLoader SEND_LOADER = ClassLoader.getPlatformClassLoader();
    private static final System.Logger LOG = System.getLogger(WebSocketSink.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final int maxFramesPerSend;
    private final Executor ioThread;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Throwable failure;
    private Completion completion;
    /** The thread inside a container send call of this sink, null when none is: at most one (one send at a time). */
    private volatile Thread writer;
    private volatile boolean ended;
    /** The completion came within the send call, on its thread: it is run once the call returned. */
    private boolean completedInCall;

    public WebSocketSink(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.maxFramesPerSend = supportsBatching(remote) ? MAX_FRAMES_PER_BATCH : 1;
        this.ioThread = ServerPlatform.current().sendExecutor(session);
    }

    private static boolean supportsBatching(RemoteEndpoint.Async remote) {
        try {
            remote.setBatchingAllowed(true);
            boolean supported = remote.getBatchingAllowed();
            remote.setBatchingAllowed(false);
            return supported;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public int maxFramesPerSend() {
        return maxFramesPerSend;
    }

    /** The connection's I/O thread on Undertow (see {@link ServerPlatform#sendExecutor}), else null. */
    @Override
    public Executor sendExecutor() {
        return ioThread;
    }

    @Override
    public void send(WireFrame frame, Completion done) {
        start(1, done);
        if (!enterWrite()) {
            done.sent(ENDED);
            return;
        }
        ClassLoader previous = enterSend();
        try {
            write(frame);
        } finally {
            leaveSend(previous);
            leaveWrite();
        }
    }

    private void write(WireFrame frame) {
        if (frame instanceof WireFrame.Text t) {
            remote.sendText(t.text(), this);
        } else {
            remote.sendBinary(((WireFrame.Binary) frame).view(), this);
        }
    }

    @Override
    public void send(List<WireFrame> frames, Completion done) {
        start(frames.size(), done);
        if (!enterWrite()) {
            done.sent(ENDED);
            return;
        }
        int queued = 0;
        ClassLoader previous = enterSend();
        try {
            remote.setBatchingAllowed(true);
            for (WireFrame frame : frames) {
                write(frame);
                queued++;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            if (pending.addAndGet(queued - frames.size()) == 0) {
                completedInCall = true; // the frames that were queued have all completed already
            }
        } finally {
            try {
                remote.setBatchingAllowed(false);
                remote.flushBatch();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "session {0}: flushing a batch failed: {1}", session.getId(), e.toString());
            }
            leaveSend(previous);
            leaveWrite();
        }
    }

    /**
     * @return false when the session ended: nothing may be written. Else the calling thread is this sink's writer
     *         until {@link #leaveWrite}. The writer is set before the end is read, and {@link #ended} sets the end
     *         before it reads the writer, so one of the two always sees the other.
     */
    private boolean enterWrite() {
        writer = Thread.currentThread();
        if (ended) {
            writer = null;
            return false;
        }
        return true;
    }

    /** Leaves the container's send call, then runs a completion that came within it. */
    private void leaveWrite() {
        writer = null;
        if (completedInCall) {
            completedInCall = false;
            completion.sent(failure);
        }
    }

    /**
     * Turns the container's idle timeout off for this session: Herald's heartbeats decide when a silent client is
     * gone. Nothing is set when it is off already (the default of both servers): on Payara setting it schedules the
     * same idle-timeout task as a send, ~4 KB of garbage even under the platform class loader (see the class comment),
     * ~26 KB with the application's.
     */
    public static void disableIdleTimeout(Session session) {
        if (session.getMaxIdleTimeout() == 0) {
            return;
        }
        ClassLoader previous = enterSend();
        try {
            session.setMaxIdleTimeout(0);
        } finally {
            leaveSend(previous);
        }
    }

    /** @return the context class loader to put back after the send (see the class comment) */
    private static ClassLoader enterSend() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SEND_LOADER);
        return previous;
    }

    private static void leaveSend(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
    }

    private void start(int frames, Completion done) {
        completion = done;
        failure = null;
        pending.set(frames);
    }

    @Override
    public void ping(Completion done) {
        if (!enterWrite()) {
            done.sent(ENDED);
            return;
        }
        Throwable error = null; // not the field 'failure', which belongs to the frame sends
        ClassLoader previous = enterSend();
        try {
            remote.sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            error = e;
        } finally {
            leaveSend(previous);
            leaveWrite();
        }
        done.sent(error);
    }

    @Override
    public void onResult(SendResult result) {
        if (!result.isOK() && failure == null) {
            failure = result.getException();
        }
        if (pending.decrementAndGet() == 0) {
            if (writer == Thread.currentThread()) {
                completedInCall = true;
            } else {
                completion.sent(failure);
            }
        }
    }

    /**
     * Marks the sink ended and waits, at most {@link #END_WAIT_NANOS}, for a send call under way on another thread to
     * return (see the class comment). On the writer's own thread (the container ended the session from inside a send
     * call) there is nothing to wait for: that call's write is over.
     */
    @Override
    public void ended() {
        ended = true;
        Thread current = Thread.currentThread();
        long deadline = System.nanoTime() + END_WAIT_NANOS;
        for (Thread w = writer; w != null && w != current; w = writer) {
            if (System.nanoTime() - deadline > 0) {
                LOG.log(System.Logger.Level.WARNING, "session {0}: a send was still under way {1} ms after the session ended",
                        session.getId(), END_WAIT_NANOS / 1_000_000);
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "session {0}: closing with {1} failed: {2}", session.getId(), String.valueOf(code), e.toString());
        }
    }
}
