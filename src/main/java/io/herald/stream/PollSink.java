package io.herald.stream;

import io.herald.delivery.FrameSink;
import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.Json;
import io.herald.protocol.WireFrame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * A {@link FrameSink} whose sends are answers to long polls. A send hands its batch (up to
 * {@link #MAX_FRAMES_PER_SEND} frames, what waited in the outbox) to the poll waiting for it, or holds it until the
 * next poll comes; it completes when that poll's answer is written. So the outbox's rules carry over unchanged: one
 * send in flight (one batch per poll), its bounds (what arrives while a batch is held waits in the outbox, and past its
 * bound the session is a slow consumer, 4508), its send timeout (counted from when a poll took the batch: a held batch
 * waits on nobody). A session with no poll in progress for {@code herald.poll.idle-timeout} is silent (4408, by the
 * heartbeat scan). There is no ping frame: a poll answered {@code []} after its {@code wait} is the heartbeat.
 * <p>
 * Closing keeps the {@code close} frame for the poll in progress or the next one; after that poll the session is
 * forgotten (404). While the session is being opened, sends complete at once into the first answer, which so carries
 * {@code welcome} and the replayed events. Thread-safe: the state is guarded by this object's monitor, never held
 * across a write or a call out.
 */
final class PollSink implements FrameSink {

    static final int MAX_FRAMES_PER_SEND = 512;

    private final StreamSession session;
    private final StreamSessions sessions;
    private final long idleTimeoutMillis;

    private boolean opening = true;
    private final List<WireFrame> first = new ArrayList<>();
    private List<WireFrame> held;
    private Completion heldDone;
    /** When a poll took the batch in flight (epoch millis), 0 while none did. */
    private long takenAt;
    private Poll parked;
    private WireFrame closeFrame;

    PollSink(StreamSession session, StreamSessions sessions) {
        this.session = session;
        this.sessions = sessions;
        this.idleTimeoutMillis = sessions.pollIdleTimeout().toMillis();
    }

    /** How one poll request is answered: a write of its body, then the end of its response. */
    interface Poll {
        /** Writes this body; {@code then} is told when it was written or failed. */
        void answer(byte[] body, AsyncWriter.Callback then);

        /** Refuses the poll (a status and an API error), e.g. 409 when another poll is in progress. */
        void refuse(int status, String code, String message);

        /** Its wait timer, cancelled when it is answered earlier. */
        void timer(ScheduledFuture<?> timer);

        void cancelTimer();
    }

    @Override
    public int maxFramesPerSend() {
        return MAX_FRAMES_PER_SEND;
    }

    @Override
    public void send(WireFrame frame, Completion done) {
        send(List.of(frame), done);
    }

    @Override
    public void send(List<WireFrame> frames, Completion done) {
        Poll p;
        synchronized (this) {
            if (opening) {
                first.addAll(frames);
                p = null;
            } else if (parked != null) {
                p = parked;
                parked = null;
                takenAt = System.currentTimeMillis();
            } else {
                held = frames;
                heldDone = done;
                return;
            }
        }
        if (p == null) {
            done.sent(null);
        } else {
            answer(p, frames, null, done);
        }
    }

    /** No frame: the empty answer after {@code wait} is a poll session's heartbeat. */
    @Override
    public void ping(Completion done) {
        done.sent(null);
    }

    @Override
    public void close(int code, String reason) {
        Poll p;
        synchronized (this) {
            if (closeFrame != null) {
                return;
            }
            closeFrame = Codecs.JSON.control(new ControlFrames.Close(code, reason));
            p = held == null ? parked : null;
            if (p != null) {
                parked = null;
            }
        }
        session.ended(code, reason);
        if (p != null) {
            answer(p, List.of(), closeFrame, null);
        } else {
            sessions.forgetLater(session); // unless a poll collects the close frame first
        }
    }

    /**
     * The session has opened: later sends wait for polls.
     *
     * @return the body of the first answer: {@code welcome}, and whatever was queued while it opened
     */
    byte[] opened() {
        List<WireFrame> frames;
        WireFrame close;
        synchronized (this) {
            opening = false;
            frames = List.copyOf(first);
            first.clear();
            close = closeFrame;
        }
        if (close != null) {
            sessions.forget(session);
        }
        return body(session.id(), frames, close);
    }

    /**
     * A poll came: answered at once with the held batch (or the {@code close} frame), else after {@code waitSeconds}
     * at the latest with what arrived first, or {@code []}.
     */
    void poll(Poll p, int waitSeconds) {
        List<WireFrame> frames;
        Completion done;
        WireFrame close;
        boolean waiting = false;
        synchronized (this) {
            if (parked != null) {
                frames = null;
                done = null;
                close = null;
            } else {
                frames = held == null ? List.of() : held;
                done = heldDone;
                held = null;
                heldDone = null;
                close = closeFrame;
                if (frames.isEmpty() && close == null && waitSeconds > 0) {
                    parked = p;
                    waiting = true;
                    p.timer(sessions.schedule(() -> expire(p), Duration.ofSeconds(waitSeconds)));
                } else if (done != null) {
                    takenAt = System.currentTimeMillis();
                }
            }
        }
        if (frames == null) { // refused outside the monitor: it writes
            p.refuse(409, "conflict", "another poll of this session is in progress: one at a time");
            return;
        }
        session.heard();
        if (!waiting) {
            answer(p, frames, close, done);
        }
    }

    /** The poll's request ended before it was answered (the client went away): it no longer waits. */
    void abandoned(Poll p) {
        synchronized (this) {
            if (parked == p) {
                parked = null;
            }
        }
        p.cancelTimer();
    }

    private void expire(Poll p) {
        synchronized (this) {
            if (parked != p) {
                return;
            }
            parked = null;
        }
        answer(p, List.of(), null, null);
    }

    private void answer(Poll p, List<WireFrame> frames, WireFrame close, Completion done) {
        p.cancelTimer();
        if (close != null) {
            sessions.forget(session); // the close frame is collected: the session is gone from now on
        }
        p.answer(body(session.id(), frames, close), failure -> {
            synchronized (this) {
                takenAt = 0;
            }
            if (failure == null) {
                session.heard();
            }
            if (done != null) {
                done.sent(failure);
            }
        });
    }

    /** A held batch waits on nobody; a taken one waits on its poll's answer being written. */
    @Override
    public synchronized long stalledMillis(long inFlightMillis, long now) {
        return takenAt == 0 ? 0 : Math.max(0, now - takenAt);
    }

    /** {@code herald.poll.idle-timeout} between polls; no limit while a poll waits. */
    @Override
    public synchronized long silenceTimeoutMillis(long heartbeatTimeoutMillis) {
        return parked != null ? Long.MAX_VALUE : idleTimeoutMillis;
    }

    /** @return {@code {"session":"<id>","frames":[...]}} as UTF-8, the close frame last when there is one */
    static byte[] body(String session, List<WireFrame> frames, WireFrame close) {
        int size = 32 + session.length();
        for (WireFrame f : frames) {
            size += f.size() + 1;
        }
        StringBuilder out = new StringBuilder(size);
        Json.appendString(out.append("{\"session\":"), session);
        out.append(",\"frames\":[");
        String separator = "";
        for (WireFrame f : frames) {
            out.append(separator).append(((WireFrame.Text) f).text());
            separator = ",";
        }
        if (close != null) {
            out.append(separator).append(((WireFrame.Text) close).text());
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
