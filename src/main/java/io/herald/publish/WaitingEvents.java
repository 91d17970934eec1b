package io.herald.publish;

import io.herald.concurrency.ContainerThreads;
import io.herald.log.LogUnavailableException;
import io.herald.metrics.DropReason;
import io.herald.metrics.Source;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CDI events from committed transactions that the event log could not take (Redis unreachable): they cannot be
 * refused, so they wait here, in order, bounded by {@code herald.publish.waiting-events} (10,000), and are appended
 * once the log takes events again (tried every {@link #RETRY_EVERY}). While any wait, later CDI events queue behind
 * them, so a tenant's CDI events keep their order. Past the bound an event is dropped, counted
 * ({@code herald_dropped_total{reason="log_unavailable"}}) and logged at WARNING at most once per
 * {@link DomainEvents#WARN_EVERY} with the count so far. Memory only: a node stopped meanwhile loses what waits here
 * (the transactional outbox, {@link TransactionalOutbox}, is the durable answer for events fired in a transaction). Thread-safe: the queue is guarded by this
 * object's monitor; the retries run on one scheduled task at a time.
 */
@ApplicationScoped
public class WaitingEvents {

    private static final System.Logger LOG = System.getLogger(WaitingEvents.class.getName());

    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    /** How long one retried append may take before the retry stops until the next round. */
    static final long APPEND_WAIT_SECONDS = 10;

    @Inject
    @ConfigProperty(name = "herald.publish.waiting-events", defaultValue = "10000")
    int maxWaiting;

    @Inject
    Publisher publisher;

    @Inject
    TenantRegistry registry;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedScheduledExecutorService scheduler;

    private final ArrayDeque<Publication> waiting = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
    private ScheduledFuture<?> retries;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (scheduler == null) {
            scheduler = ContainerThreads.scheduler();
        }
        retries = scheduler.scheduleWithFixedDelay(this::retry, RETRY_EVERY.toMillis(), RETRY_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes a CDI event now unless events wait already (then it queues behind them); queues it when the log
     * cannot take it. Blocks the firing thread for the append, as a CDI publish always did.
     */
    void publishOrWait(Publication p) {
        synchronized (this) {
            if (!waiting.isEmpty()) {
                enqueue(p);
                return;
            }
        }
        try {
            publisher.publish(p, Source.CDI).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogUnavailableException u) {
                LOG.log(System.Logger.Level.WARNING, "event {0} of tenant {1} waits for the event log: {2}",
                        p.type(), p.tenant(), u.getMessage());
                synchronized (this) {
                    enqueue(p);
                }
                return;
            }
            throw e;
        }
    }

    /** @return the events waiting now */
    public synchronized int size() {
        return waiting.size();
    }

    private void enqueue(Publication p) {
        if (waiting.size() < maxWaiting) {
            waiting.addLast(p);
            return;
        }
        long count = dropped.incrementAndGet();
        registry.tenant(p.tenant()).stats().dropped(DropReason.LOG_UNAVAILABLE, 1);
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + DomainEvents.WARN_EVERY.toNanos())) {
            LOG.log(System.Logger.Level.WARNING, "event {0} of tenant {1} dropped: the event log is unreachable and"
                    + " herald.publish.waiting-events ({2}) wait already ({3} dropped since start)", p.type(), p.tenant(),
                    maxWaiting, count);
        }
    }

    /** Appends what waits, oldest first, until the log refuses again. */
    private void retry() {
        for (Publication next = peek(); next != null; next = peek()) {
            try {
                publisher.publish(next, Source.CDI).toCompletableFuture().get(APPEND_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LogUnavailableException) {
                    return; // still down: next round
                }
                LOG.log(System.Logger.Level.ERROR, "event " + next.type() + " of tenant " + next.tenant() + " not published", e.getCause());
            } catch (TimeoutException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "event " + next.type() + " of tenant " + next.tenant() + " not published", e);
            }
            synchronized (this) {
                waiting.pollFirst();
                if (waiting.isEmpty()) {
                    LOG.log(System.Logger.Level.INFO, "every CDI event that waited for the event log is published");
                }
            }
        }
    }

    private synchronized Publication peek() {
        return waiting.peekFirst();
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        if (retries != null) {
            retries.cancel(false);
        }
        int left = size();
        if (left > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} CDI events that waited for the event log are lost with this node", left);
        }
    }
}
