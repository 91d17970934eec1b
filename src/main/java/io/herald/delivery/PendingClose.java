package io.herald.delivery;

/**
 * The close state of one session's outbox: a close asked for while a send was in flight waits for that send (closing
 * under a pending write makes some servers drop the connection without a close frame), and is made when the send
 * completes or when the close grace runs out, whichever is first, exactly once. Thread-safe.
 */
final class PendingClose {

    private volatile int code;
    private String reason;

    /** Remembers a close to make after the send in flight. */
    synchronized void defer(int code, String reason) {
        this.reason = reason;
        this.code = code;
    }

    /** Makes the deferred close, if one is still pending; any thread, any number of times. */
    void run(FrameSink sink) {
        if (code == 0) {
            return; // the common case, on every completed send: no monitor
        }
        int c;
        String r;
        synchronized (this) {
            c = code;
            r = reason;
            code = 0;
        }
        if (c != 0) {
            sink.close(c, r);
        }
    }
}
