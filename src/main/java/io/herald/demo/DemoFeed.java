package io.herald.demo;

import io.herald.concurrency.ContainerThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires the next tick of {@link DemoScript} every two seconds when {@code herald.demo.enabled=true}. A CDI bean on
 * the container's default managed scheduler rather than an EJB timer, so that herald.war needs no EJB container
 * (WildFly's {@code standalone-microprofile.xml} has none).
 */
@ApplicationScoped
public class DemoFeed {

    private static final System.Logger LOG = System.getLogger(DemoFeed.class.getName());
    static final long PERIOD_MILLIS = 2_000;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedScheduledExecutorService scheduler;

    @Inject
    DemoScript script;

    @Inject
    DemoSettings settings;

    private ScheduledFuture<?> ticks;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (settings.enabled()) {
            if (scheduler == null) {
                scheduler = ContainerThreads.scheduler();
            }
            ticks = scheduler.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A periodic task that throws is never run again: one failed event must not end the feed. */
    private void tick() {
        try {
            script.fireNext();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "demo event not fired: " + e);
        }
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
