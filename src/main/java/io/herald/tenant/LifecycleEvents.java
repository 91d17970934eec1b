package io.herald.tenant;

import io.herald.concurrency.ContainerThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.inject.Inject;

import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tells the application of lifecycle changes ({@link SessionOpened}, {@link SessionClosed}, and the presence
 * component's member and user events) as asynchronous CDI
 * events: observe them with {@code @ObservesAsync}. CDI's asynchronous delivery calls every observer even when one
 * throws (the failures are logged here), so a broken observer never keeps the others from being told, and never
 * holds up a connection's open or close, nor the delivery lane under which a connection is registered.
 * <p>
 * Observers run on one thread of Herald's own (made by the container's managed thread factory, so they have the
 * application's context), in the order of the changes. At most {@link #MAX_WAITING} notifications wait; past that (an
 * observer far too slow) changes are dropped and logged. Thread-safe.
 */
@ApplicationScoped
public class LifecycleEvents {

    static final int MAX_WAITING = 100_000;
    private static final System.Logger LOG = System.getLogger(LifecycleEvents.class.getName());

    @Inject
    Event<Record> events;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    private ThreadPoolExecutor thread;
    private NotificationOptions onOwnThread;

    @PostConstruct
    void start() {
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_WAITING), threads);
        onOwnThread = NotificationOptions.ofExecutor(thread);
    }

    @PreDestroy
    void stop() {
        thread.shutdown();
    }

    /** Queues {@code event} for its asynchronous observers; returns at once, never throws. */
    public void fire(Record event) {
        try {
            events.fireAsync(event, onOwnThread).whenComplete((e, failure) -> {
                if (failure != null) {
                    logFailures(event, failure);
                }
            });
        } catch (RejectedExecutionException e) {
            // the kind only: a member's event carries its presence metadata, the application's data
            LOG.log(System.Logger.Level.WARNING, "lifecycle event {0} dropped (observers too slow or stopping)",
                    event.getClass().getSimpleName());
        }
    }

    private static void logFailures(Record event, Throwable failure) {
        Throwable[] each = failure instanceof CompletionException && failure.getSuppressed().length > 0
                ? failure.getSuppressed() : new Throwable[]{failure};
        for (Throwable t : each) {
            LOG.log(System.Logger.Level.WARNING, "an observer of " + event.getClass().getSimpleName() + " failed", t);
        }
    }
}
