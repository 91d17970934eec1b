package io.herald.delivery;

import io.herald.concurrency.ContainerThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts sends off the publisher's thread. A publish only queues; the outboxes that were idle are flushed
 * ({@link Outbox#flush()}) in chunks, elsewhere, so a publisher returns without paying for any socket write: on
 * their connections' own I/O threads where the container writes only there (Undertow, see
 * {@link FrameSink#sendExecutor()}), else by this small pool of container-managed threads
 * ({@code herald.delivery.threads}, default: the number of cores). Thread-safe.
 * <p>
 * The close grace runs on one timer thread of Herald's own, made by the container's managed thread factory, not on
 * the container's managed scheduled executor: that one captures the caller's context for every task it is given, and
 * on Payara the capture looks through every jar of the application and the server (a {@code ServiceLoader} scan over
 * the context class loader): ~10 KB of garbage and tens of microseconds per task. These tasks touch only an outbox
 * and need no context.
 */
@ApplicationScoped
public class Flusher {

    private static final int CHUNK = 64;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "herald.delivery.threads", defaultValue = "0")
    int configuredThreads;

    @Inject
    @ConfigProperty(name = "herald.outbox.close-grace", defaultValue = "PT10S")
    Duration closeGrace;

    private ExecutorService pool;
    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        int n = configuredThreads > 0 ? configuredThreads : Runtime.getRuntime().availableProcessors();
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        timer = ContainerThreads.timer(threads);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
        timer.shutdown();
    }

    /**
     * Starts the sends of these outboxes; returns at once. Chunks go to the outboxes' send executors (one task per
     * chunk of outboxes sharing an I/O thread) or to the pool: on Undertow a send started off the connection's I/O
     * thread costs a hand-off to it per frame, a send started on it writes at once.
     */
    public void flush(List<Outbox> idle) {
        Map<Executor, List<Outbox>> chunks = new IdentityHashMap<>();
        for (Outbox outbox : idle) {
            Executor executor = outbox.sendExecutor();
            Executor target = executor == null ? pool : executor;
            List<Outbox> chunk = chunks.computeIfAbsent(target, t -> new ArrayList<>(CHUNK));
            chunk.add(outbox);
            if (chunk.size() == CHUNK) {
                execute(target, chunks.remove(target));
            }
        }
        chunks.forEach(this::execute);
    }

    private void execute(Executor executor, List<Outbox> chunk) {
        Runnable task = () -> chunk.forEach(Outbox::flush);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (executor == pool) {
                throw e;
            }
            pool.execute(task); // an I/O thread shutting down: its sends fail fast wherever they start
        }
    }

    /**
     * Closes a session off the caller's thread, after its send in flight if any (see {@link Outbox#closeSession}),
     * and at the latest after {@code herald.outbox.close-grace}.
     */
    public void close(Outbox outbox, int code, String reason) {
        pool.execute(() -> outbox.closeSession(code, reason));
        timer.schedule(outbox::forceClose, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
