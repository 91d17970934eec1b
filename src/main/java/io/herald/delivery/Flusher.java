package io.herald.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts sends off the publisher's thread. A publish only queues; this small pool of container-managed threads
 * ({@code herald.delivery.threads}, default: the number of cores) calls {@link Outbox#flush()} on the outboxes that
 * were idle, in chunks, so a publisher returns without paying for any socket write. Thread-safe.
 * <p>
 * Timers (the resume window of each new connection, the close grace) run on one thread of Herald's own, made by the
 * container's managed thread factory, not on the container's managed scheduled executor: that one captures the
 * caller's context for every task it is given, and on Payara the capture looks through every jar of the application
 * and the server (a {@code ServiceLoader} scan over the context class loader): ~10 KB of garbage and tens of
 * microseconds per new connection. These tasks touch only an outbox and need no context.
 */
@ApplicationScoped
public class Flusher {

    private static final int CHUNK = 64;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
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
        pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // on undeploy the sessions close anyway
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
        timer.shutdown();
    }

    /** Starts the sends of these outboxes; returns at once. */
    public void flush(List<Outbox> idle) {
        for (int from = 0; from < idle.size(); from += CHUNK) {
            List<Outbox> chunk = idle.subList(from, Math.min(idle.size(), from + CHUNK));
            pool.execute(() -> chunk.forEach(Outbox::flush));
        }
    }

    /** Releases an outbox's held events after {@code delay} (the resume window of a new connection). */
    public void release(Outbox outbox, Duration delay) {
        timer.schedule(outbox::release, delay.toMillis(), TimeUnit.MILLISECONDS);
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
