package io.herald.concurrency;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The container's default Jakarta Concurrency resources, looked up by their standard names when a bean starts.
 * Not {@code @Resource(lookup = …)}: Payara 6 does not inject that into beans of a {@code WEB-INF/lib} jar, which is
 * where Herald's classes are when an application embeds {@code herald-classes.jar} (its deployment fails with
 * "Lookup failed for java:comp/env/…"); the lookup works wherever Herald runs. Stateless; thread-safe.
 */
public final class ContainerThreads {

    static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
    static final String SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";

    private ContainerThreads() {
    }

    /** @return the default managed thread factory, never null */
    public static ManagedThreadFactory factory() {
        return lookup(THREAD_FACTORY, ManagedThreadFactory.class);
    }

    /** @return the default managed scheduled executor, never null */
    public static ManagedScheduledExecutorService scheduler() {
        return lookup(SCHEDULER, ManagedScheduledExecutorService.class);
    }

    /**
     * A single-thread timer on {@code threads}: cancelled tasks leave its queue at once, and delayed tasks do not run
     * after shutdown (on undeploy what they would time out closes anyway). Not started until a task is scheduled.
     */
    public static ScheduledThreadPoolExecutor timer(ManagedThreadFactory threads) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return timer;
    }

    private static <T> T lookup(String name, Class<T> type) {
        try {
            return type.cast(InitialContext.doLookup(name));
        } catch (NamingException e) {
            throw new IllegalStateException("the container has no " + name, e);
        }
    }
}
