package io.herald;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** For unit tests of components that take the container's managed thread factory: plain daemon threads. */
public final class TestThreads {

    private TestThreads() {
    }

    /** @return a factory of daemon threads named {@code name}; fork-join workers are not offered */
    public static ManagedThreadFactory daemons(String name) {
        return new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
