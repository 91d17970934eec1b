package io.herald.stream;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Non-blocking writes to one async response ({@link WriteListener}): one write at a time, each flushed at once, its
 * callback told when the container has taken all of it, or that it failed. No thread waits on a slow reader: a write
 * the container cannot take now finishes in its {@code onWritePossible}.
 * <p>
 * Threads: {@link #write} and {@link #complete} from any thread; the caller starts a write only after the previous one
 * called back. Writes and the container's callbacks are serialised by a work-in-progress counter, never by a lock held
 * across a container call: the thread that finds the writer idle runs the loop, any other just tells it to go round
 * again. Nothing is written before the container's first {@code onWritePossible} (it may run on another thread while
 * the servlet still opens the session).
 */
final class AsyncWriter implements WriteListener {

    /** Told once per write. */
    @FunctionalInterface
    interface Callback {
        /** @param failure null when the container took every byte */
        void written(Throwable failure);
    }

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile boolean writable;

    private byte[] pending;
    private byte[] last;
    private Callback callback;
    private boolean flushing;
    private Throwable failure;

    /** Puts the response's output in non-blocking mode; the request must be in async mode. */
    AsyncWriter(AsyncContext async) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        out.setWriteListener(this);
    }

    /** Starts writing {@code bytes}; a writer that failed or was completed calls back with the failure at once. */
    void write(byte[] bytes, Callback done) {
        Throwable failed;
        synchronized (this) {
            failed = failure;
            if (failed == null) {
                pending = bytes;
                callback = done;
            }
        }
        if (failed != null) {
            done.written(failed);
            return;
        }
        drain();
    }

    /**
     * Writes {@code bytes} as the response's last write, after the write in flight if there is one, and then ends the
     * response (also when it failed).
     */
    void writeLast(byte[] bytes) {
        synchronized (this) {
            if (callback != null) {
                last = bytes;
                return;
            }
        }
        write(bytes, failure -> complete());
    }

    @Override
    public void onWritePossible() {
        writable = true;
        drain();
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    /** Ends the response (once); a write still in flight calls back failed. Never throws. */
    void complete() {
        if (completed.compareAndSet(false, true)) {
            fail(new IOException("the response has ended"));
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // the container ended it already (the client went away)
            }
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (writable) {
                step();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() {
        Callback done = null;
        try {
            while (out.isReady()) {
                byte[] bytes;
                synchronized (this) {
                    if (flushing) {
                        flushing = false;
                        done = callback;
                        callback = null;
                        if (last != null) { // the last write follows at once
                            pending = last;
                            last = null;
                            callback = failure -> complete();
                        }
                        break;
                    }
                    bytes = pending;
                    pending = null;
                    if (bytes == null) {
                        break;
                    }
                    flushing = true;
                }
                out.write(bytes);
                out.flush(); // each send goes out now: an event stream is never held back to fill a buffer
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        if (done != null) {
            done.written(null); // may start the next write: the loop in drain() takes it
            drain(); // or a last write queued above: go round once more (this thread holds the loop)
        }
    }

    private void fail(Throwable t) {
        Callback done;
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = t;
            done = callback;
            callback = null;
            pending = null;
            last = null;
        }
        if (done != null) {
            done.written(t);
        }
    }
}
