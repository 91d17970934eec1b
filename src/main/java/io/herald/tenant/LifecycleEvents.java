package io.herald.tenant;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tells the application's observers of lifecycle changes ({@link SessionOpened}, {@link SessionClosed}).
 * <p>
 * Each observer on its own: {@code Event.fire} stops at the first observer that throws, so one broken observer would
 * keep the others from being told; here each is called and a failure is logged. On one thread of Herald's own
 * (made by the container's managed thread factory), in the order of the changes, so that an observer never holds up
 * a connection's open or close, nor the delivery lane under which a connection is registered. At most
 * {@link #MAX_WAITING} changes wait; past that (an observer far too slow) they are dropped and logged. Nothing is
 * queued for an event type nobody observes. Thread-safe.
 */
@ApplicationScoped
public class LifecycleEvents {

    static final int MAX_WAITING = 100_000;
    private static final System.Logger LOG = System.getLogger(LifecycleEvents.class.getName());

    @Inject
    BeanManager beans;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private final Map<Class<?>, List<ObserverMethod<? super Object>>> observers = new ConcurrentHashMap<>();
    private ThreadPoolExecutor thread;

    @PostConstruct
    void start() {
        thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_WAITING), threads);
    }

    @PreDestroy
    void stop() {
        thread.shutdown();
    }

    /** Queues {@code event} for every observer of its type; returns at once, never throws. */
    void fire(Record event) {
        List<ObserverMethod<? super Object>> targets = observersOf(event);
        if (targets.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> notifyEach(targets, event));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "lifecycle event dropped (observers too slow or stopping): {0}", event);
        }
    }

    private static void notifyEach(List<ObserverMethod<? super Object>> targets, Record event) {
        for (ObserverMethod<? super Object> o : targets) {
            try {
                o.notify(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an observer of " + event.getClass().getSimpleName() + " failed", e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<ObserverMethod<? super Object>> observersOf(Record event) {
        return observers.computeIfAbsent(event.getClass(), type -> (List) List.copyOf(beans.resolveObserverMethods(event)));
    }
}
