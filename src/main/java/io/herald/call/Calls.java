package io.herald.call;

import io.herald.concurrency.ContainerThreads;
import io.herald.protocol.FrameException;
import io.herald.protocol.Json;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code call} action: finds the {@link HeraldCall} method of a name, binds the frame's {@code data} to its
 * parameter, answers from the method's cache or runs it on Herald's call threads, and completes with the answer as
 * JSON or with a {@link FrameException} carrying the error code. Never blocks the caller: the method runs on a pool of
 * {@code herald.call.threads} threads (made by the container's managed thread factory) with a queue of
 * {@code herald.call.queue}; past both the call is refused {@code unavailable} at once (the bulkhead), and so is a
 * call of a tenant with {@code herald.call.per-tenant} calls in progress already (running or waiting), so that one
 * tenant's slow methods cannot take every thread from the others. A call not
 * answered within {@code herald.call.timeout} of being accepted completes {@code timeout} and its thread is
 * interrupted; it keeps its thread until the method returns, so a method that ignores interrupts holds one of the
 * bulkhead's places meanwhile, never the caller. Thread-safe.
 * <p>
 * Error codes: a {@link CallException}'s own; {@code unavailable} for an open circuit or a full bulkhead (Herald's or
 * a Fault Tolerance {@code @Bulkhead}); {@code timeout} for Herald's timeout or a Fault Tolerance {@code @Timeout};
 * {@code internal} for anything else (logged at WARNING with the method and tenant, never the data); before the
 * method runs, {@code not_found} for an unknown name and {@code bad_frame} for data that does not bind.
 */
@ApplicationScoped
public class Calls {

    private static final System.Logger LOG = System.getLogger(Calls.class.getName());

    private static final String FT = "org.eclipse.microprofile.faulttolerance.exceptions.";

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    @Inject
    CallExtension methods;

    @Inject
    CallInvoker invoker;

    @Inject
    @ConfigProperty(name = "herald.call.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "herald.call.threads", defaultValue = "16")
    int poolThreads;

    @Inject
    @ConfigProperty(name = "herald.call.queue", defaultValue = "64")
    int queue;

    @Inject
    @ConfigProperty(name = "herald.call.per-tenant", defaultValue = "8")
    int perTenant;

    @Inject
    @ConfigProperty(name = "herald.call.cache.max-entries", defaultValue = "1000")
    int maxCacheEntries;

    private final Map<String, ResponseCache> caches = new ConcurrentHashMap<>();

    /** Calls in progress (accepted, not yet ended) by tenant; a tenant with none has no entry. */
    private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

    private ThreadPoolExecutor pool;
    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        pool = new ThreadPoolExecutor(poolThreads, poolThreads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, queue)), threads);
        pool.allowCoreThreadTimeOut(true); // no idle threads for a deployment that makes no calls
        timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    /**
     * @param data the frame's {@code data}, null when absent
     * @return completes with the answer ({@code JsonValue.NULL} for a void method or a null return) or exceptionally
     *         with a {@link FrameException} (see {@link #errorOf}); already complete for an answer from the cache
     * @throws FrameException {@code not_found}, {@code bad_frame} or {@code unavailable}, before anything ran
     */
    public CompletionStage<JsonValue> call(CallContext caller, String name, JsonValue data) throws FrameException {
        CallMethod method = methods.method(name);
        if (method == null) {
            throw new FrameException(FrameException.NOT_FOUND, "no call method named " + name);
        }
        Object[] args = method.arguments(caller, bind(method, data));
        ResponseCache cache = method.cacheFor() == null ? null
                : caches.computeIfAbsent(method.name(), n -> new ResponseCache(method.cacheFor(), maxCacheEntries));
        String key = cache == null ? null : ResponseCache.key(caller.tenant(), method.cacheAcrossUsers() ? null : caller.user(), data);
        if (cache != null) {
            JsonValue cached = cache.get(key, System.nanoTime());
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
        }
        if (!admit(caller.tenant())) {
            throw new FrameException(FrameException.UNAVAILABLE, "too many calls of this tenant in progress; try again later");
        }
        Invocation invocation = new Invocation(method, caller, args);
        try {
            pool.execute(invocation);
        } catch (RejectedExecutionException e) {
            release(caller.tenant());
            throw new FrameException(FrameException.UNAVAILABLE, "too many calls in progress; try again later");
        }
        ScheduledFuture<?> timer = this.timer.schedule(invocation::timeOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return invocation.answer.whenComplete((answer, failure) -> {
            timer.cancel(false);
            if (failure == null && cache != null) {
                cache.put(key, answer, System.nanoTime());
            }
        });
    }

    /** @return true when the tenant may start one more call, which is then counted until {@link #release} */
    private boolean admit(String tenant) {
        boolean[] admitted = {false};
        inProgress.compute(tenant, (t, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perTenant) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    private void release(String tenant) {
        inProgress.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
    }

    private static Object bind(CallMethod method, JsonValue data) throws FrameException {
        if (method.dataIndex() < 0) {
            return null;
        }
        Class<?> raw = method.method().getParameterTypes()[method.dataIndex()];
        if (data == null || data == JsonValue.NULL) {
            if (raw.isPrimitive()) {
                throw new FrameException(FrameException.BAD_FRAME, "'data' is required by " + method.name());
            }
            return null;
        }
        if (raw.isInstance(data)) {
            return data; // a method that takes JSON-P as it came
        }
        try {
            return Json.read(data.toString(), method.dataType());
        } catch (RuntimeException e) { // JsonbException, or what the type's own constructor refused the data with
            throw new FrameException(FrameException.BAD_FRAME, "'data' does not fit " + method.name() + "'s parameter ("
                    + raw.getSimpleName() + ")");
        }
    }

    /** One accepted call: its answer, and the thread running it while it runs (to interrupt it on timeout). */
    private final class Invocation implements Runnable {

        final CompletableFuture<JsonValue> answer = new CompletableFuture<>();
        private final CallMethod method;
        private final CallContext caller;
        private final Object[] args;
        private Thread runner; // guarded by this

        Invocation(CallMethod method, CallContext caller, Object[] args) {
            this.method = method;
            this.caller = caller;
            this.args = args;
        }

        /** Counted in its tenant's calls in progress until the method has ended, not just until its timeout. */
        @Override
        public void run() {
            try {
                invoke();
            } finally {
                release(caller.tenant());
            }
        }

        private void invoke() {
            if (answer.isDone()) {
                return; // timed out while queued: never run
            }
            synchronized (this) {
                if (answer.isDone()) {
                    return; // timed out just now
                }
                runner = Thread.currentThread();
            }
            try {
                Object result = invoker.invoke(method, args);
                answer.complete(result == null ? JsonValue.NULL : Json.parse(Json.write(result)));
            } catch (Throwable t) {
                if (answer.isDone()) { // answered timeout already: typically the interrupt this thread was given
                    LOG.log(System.Logger.Level.DEBUG, "call {0} of tenant {1} ended after its timeout: {2}",
                            method.name(), caller.tenant(), t.getClass().getName());
                } else {
                    answer.completeExceptionally(failure(method, caller, t));
                }
            } finally {
                synchronized (this) {
                    runner = null;
                }
                Thread.interrupted(); // a timeout's interrupt must not reach the pool's next task
            }
        }

        void timeOut() {
            if (answer.completeExceptionally(new FrameException(FrameException.TIMEOUT,
                    method.name() + " did not answer within " + timeout))) {
                synchronized (this) {
                    if (runner != null) {
                        runner.interrupt();
                    }
                }
            }
        }
    }

    /** @return the error a call's answer failed with (a dependent stage wraps it in a {@code CompletionException}) */
    public static FrameException errorOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FrameException e) {
                return e;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "a call failed unexpectedly", failure);
        return new FrameException(FrameException.INTERNAL, "internal error");
    }

    /** @return the error the client gets for what the method (or an interceptor around it) threw */
    static FrameException failure(CallMethod method, CallContext caller, Throwable t) {
        if (t instanceof CallException e) {
            return new FrameException(e.code(), e.getMessage());
        }
        if (isA(t, FT + "CircuitBreakerOpenException")) {
            return new FrameException(FrameException.UNAVAILABLE, method.name() + " failed repeatedly: its circuit is open; try again later");
        }
        if (isA(t, FT + "BulkheadException")) {
            return new FrameException(FrameException.UNAVAILABLE, "too many calls of " + method.name() + " in progress; try again later");
        }
        if (isA(t, FT + "TimeoutException")) {
            return new FrameException(FrameException.TIMEOUT, method.name() + " did not answer in time");
        }
        LOG.log(System.Logger.Level.WARNING, "call " + method.name() + " (" + method.where() + ") of tenant "
                + caller.tenant() + " failed", t);
        return new FrameException(FrameException.INTERNAL, method.name() + " failed");
    }

    /** By name: Fault Tolerance's classes are on the class path only on a server that has it. */
    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
