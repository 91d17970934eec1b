package io.herald.delivery;

import io.herald.metrics.TenantStats;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the flusher starts sends: on each connection's own I/O thread where the sink names one (Undertow), in chunks,
 * else on its pool; and on the pool when an I/O thread refuses the task. Real flusher, real outboxes, real threads.
 */
class FlusherTest {

    /** An I/O thread stand-in: one thread of its own that runs the tasks it is given, and counts them. */
    static final class IoThread implements Executor {
        final ExecutorService thread;
        int tasks;

        IoThread(String name) {
            this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
        }

        @Override
        public synchronized void execute(Runnable task) {
            tasks++;
            thread.execute(task);
        }
    }

    /** Records the thread each frame was sent on; completes at once. */
    static final class ThreadRecordingSink implements FrameSink {
        final Executor sendExecutor;
        final ConcurrentHashMap<String, String> sentOn;
        final CountDownLatch sends;

        ThreadRecordingSink(Executor sendExecutor, ConcurrentHashMap<String, String> sentOn, CountDownLatch sends) {
            this.sendExecutor = sendExecutor;
            this.sentOn = sentOn;
            this.sends = sends;
        }

        @Override
        public Executor sendExecutor() {
            return sendExecutor;
        }

        @Override
        public void send(io.herald.protocol.WireFrame frame, Completion done) {
            sentOn.put(((io.herald.protocol.WireFrame.Text) frame).text(), Thread.currentThread().getName());
            sends.countDown();
            done.sent(null);
        }

        @Override
        public void ping(Completion done) {
            done.sent(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    private final Flusher flusher = new Flusher();
    private final ConcurrentHashMap<String, String> sentOn = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        flusher.configuredThreads = 1;
        flusher.closeGrace = Duration.ofSeconds(1);
        flusher.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                return new Thread(r, "pool");
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        flusher.start();
    }

    @AfterEach
    void stop() {
        flusher.stop();
    }

    private List<Outbox> outboxes(int count, String prefix, Executor sendExecutor, CountDownLatch sends) {
        List<Outbox> idle = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Outbox outbox = new Outbox(new ThreadRecordingSink(sendExecutor, sentOn, sends), io.herald.protocol.Codecs.JSON, 10, 10_000,
                    new TenantStats(), new Backlog());
            assertEquals(Outbox.Offer.QUEUED_IDLE, outbox.offer(new io.herald.protocol.WireFrame.Text(prefix + i)));
            idle.add(outbox);
        }
        return idle;
    }

    @Test
    void sendsStartOnEachConnectionsIoThreadInChunksAndOnThePoolWhereNoneIsNamed() throws InterruptedException {
        IoThread a = new IoThread("io-a");
        IoThread b = new IoThread("io-b");
        CountDownLatch sends = new CountDownLatch(150 + 10 + 5);
        List<Outbox> idle = new ArrayList<>();
        idle.addAll(outboxes(150, "a", a, sends));
        idle.addAll(outboxes(10, "b", b, sends));
        idle.addAll(outboxes(5, "any", null, sends));
        Collections.shuffle(idle, new Random(7));

        flusher.flush(idle);

        assertTrue(sends.await(10, TimeUnit.SECONDS), "every outbox sent its frame");
        for (int i = 0; i < 150; i++) {
            assertEquals("io-a", sentOn.get("a" + i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("io-b", sentOn.get("b" + i));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("pool", sentOn.get("any" + i));
        }
        assertEquals(3, a.tasks, "150 outboxes on one I/O thread: chunks of 64, 64 and 22");
        assertEquals(1, b.tasks);
        a.thread.shutdown();
        b.thread.shutdown();
    }

    @Test
    void anIoThreadThatRefusesTheTaskLeavesTheSendsToThePool() throws InterruptedException {
        Executor shuttingDown = task -> {
            throw new RejectedExecutionException("shutting down");
        };
        CountDownLatch sends = new CountDownLatch(3);

        flusher.flush(outboxes(3, "x", shuttingDown, sends));

        assertTrue(sends.await(10, TimeUnit.SECONDS));
        assertEquals("pool", sentOn.get("x0"));
        assertEquals("pool", sentOn.get("x2"));
    }
}
