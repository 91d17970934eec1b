package io.herald.stream;

import io.herald.auth.Caller;
import io.herald.socket.ActionLimit;
import io.herald.socket.ClientActions;
import io.herald.socket.SessionLifecycle;
import io.herald.socket.VerifiedCaller;
import io.herald.tenant.Connection;

/**
 * The HTTP side of one session carried over SSE or long polling: its id, its admitted caller (with its quota slot),
 * its action rate and, once opened, its connection; for a long poll also its {@link PollSink}. Ends exactly once.
 * Thread-safe.
 */
final class StreamSession {

    private final String id;
    private final String transport;
    private final VerifiedCaller verified;
    private final ActionLimit actions;
    private final SessionLifecycle lifecycle;
    private volatile Connection connection;
    private volatile PollSink poll;
    private boolean ended;
    private int endCode;
    private String endReason;

    StreamSession(String id, String transport, VerifiedCaller verified, ActionLimit actions, SessionLifecycle lifecycle) {
        this.id = id;
        this.transport = transport;
        this.verified = verified;
        this.actions = actions;
        this.lifecycle = lifecycle;
    }

    String id() {
        return id;
    }

    String transport() {
        return transport;
    }

    /** @return true when this session is the caller's: the same tenant and user as the credential it was opened with */
    boolean belongsTo(Caller caller) {
        return verified.caller().tenant().equals(caller.tenant()) && verified.caller().user().equals(caller.user());
    }

    /** @return the connection, null until the session has opened */
    Connection connection() {
        return connection;
    }

    /** @return the poll sink of a long-poll session, null for SSE */
    PollSink poll() {
        return poll;
    }

    void poll(PollSink sink) {
        this.poll = sink;
    }

    /** Tells the client's presence (a poll, a heartbeat written) to the heartbeat scan. */
    void heard() {
        Connection c = connection;
        if (c != null) {
            c.ponged();
        }
    }

    /** The session has opened as {@code c}; one that ended while it was opening is closed now. */
    void opened(Connection c) {
        boolean endedMeanwhile;
        synchronized (this) {
            connection = c;
            endedMeanwhile = ended;
        }
        if (endedMeanwhile) {
            lifecycle.closed(c, verified, endCode, endReason);
        }
    }

    /** Carries out one client frame over HTTP, one at a time per session (as a socket reads them). */
    synchronized boolean receive(ClientActions clientActions, String text, ClientActions.Answers answers) {
        return clientActions.receive(connection, text, actions, answers);
    }

    /** The session ended (closed by the server or lost): forgets its connection and frees its quota slot, once. */
    void ended(int code, String reason) {
        Connection c;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endCode = code;
            endReason = reason;
            c = connection;
        }
        if (c != null) {
            lifecycle.closed(c, verified, code, reason);
        }
    }
}
