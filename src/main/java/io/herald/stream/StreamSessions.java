package io.herald.stream;

import io.herald.concurrency.ContainerThreads;
import io.herald.auth.Caller;
import io.herald.socket.SessionLifecycle;
import io.herald.socket.VerifiedCaller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the sessions carried over SSE and long polling, by session id: what an action or a poll names.
 * The registry still owns the connections; an entry here lives from the session's admission until its stream ended
 * (SSE) or its {@code close} frame was collected by a poll, at most {@code herald.poll.idle-timeout} after its close
 * (long poll), so memory follows live sessions. Also the one timer of this component (poll waits, close grace), a
 * thread of Herald's own from the container's managed thread factory, like delivery's: the managed scheduled executor
 * would capture context for every task (PLATFORM-NOTES). Thread-safe.
 */
@ApplicationScoped
public class StreamSessions {

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    StreamSettings settings;

    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        timer = ContainerThreads.timer(threads);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** @return a new session of an admitted caller, findable by its id from now on (before it has opened) */
    StreamSession start(String transport, VerifiedCaller verified) {
        StreamSession s = new StreamSession(UUID.randomUUID().toString(), transport, verified, lifecycle.actionLimit(), lifecycle);
        sessions.put(s.id(), s);
        return s;
    }

    /** @return the caller's session of that id, or null: unknown, ended, or another user's or tenant's */
    StreamSession find(Caller caller, String id) {
        StreamSession s = id == null ? null : sessions.get(id);
        return s != null && s.belongsTo(caller) ? s : null;
    }

    /** Forgets the session: later actions and polls naming it get 404. */
    void forget(StreamSession s) {
        sessions.remove(s.id(), s);
    }

    /** Forgets the session after {@code herald.poll.idle-timeout}, for a closed poll session nobody polls any more. */
    void forgetLater(StreamSession s) {
        schedule(() -> forget(s), settings.pollIdleTimeout());
    }

    /** @return the task, run once after {@code delay} on this component's timer thread */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return {@code herald.poll.idle-timeout} */
    Duration pollIdleTimeout() {
        return settings.pollIdleTimeout();
    }
}
