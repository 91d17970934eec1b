package io.herald.cluster;

import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LogUnavailableException;
import io.herald.log.LoggedEvent;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This node's appends to a shared log that wait for the node's own follower of the log to read them back: an append
 * completes once its entry was told to delivery (so its receipt counts this node's sessions, as with the local log).
 * An entry carries its origin ({@link #expect}), which names the node and the append; the follower hands the origin
 * back ({@link #take}). Used by every cluster log (Redis, Hazelcast). Thread-safe.
 */
final class PendingAppends {

    private static final System.Logger LOG = System.getLogger(PendingAppends.class.getName());

    /** Names this node's appends: an entry whose origin starts with it was appended here. Random per start. */
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong appends = new AtomicLong();
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();

    /** What an append of this node waits for: its entry told to the listener. */
    record Expected(CompletableFuture<EventLog.Appended> told, long published) {
    }

    /** @return this node's name in the shared store */
    String node() {
        return node;
    }

    /** @return the origin to write into the entry; {@code told} completes once the entry was told to the listener */
    String expect(CompletableFuture<EventLog.Appended> told, long published) {
        String origin = node + ":" + appends.incrementAndGet();
        expected.put(origin, new Expected(told, published));
        return origin;
    }

    /** @return the append waiting for the entry of {@code origin} (removed), null when none does (or origin is null) */
    Expected take(String origin) {
        return origin == null ? null : expected.remove(origin);
    }

    /**
     * The append's stage as {@link EventLog#append} answers it: the receipt once told, else (failed, or not read back
     * within {@code wait}) a {@link LogUnavailableException}, and the origin forgotten.
     *
     * @param store what to call the log in the message ({@code Redis}, {@code Hazelcast})
     */
    CompletionStage<EventLog.Appended> awaited(String origin, CompletableFuture<EventLog.Appended> told, Duration wait,
                                               String store) {
        return told.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).handle((appended, failure) -> {
            if (failure == null) {
                return appended;
            }
            expected.remove(origin);
            Throwable cause = rootOf(failure);
            if (cause instanceof TimeoutException) {
                throw new LogUnavailableException("the event log (" + store + ") did not confirm the event within " + wait);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    /** The store refused or failed the append: the waiting append fails with a 503's exception. */
    static void refused(CompletableFuture<EventLog.Appended> told, String store, Throwable failure) {
        told.completeExceptionally(new LogUnavailableException("the event log (" + store + ") did not take the event: "
                + rootOf(failure).getMessage()));
    }

    /**
     * Tells the listener of one entry read back, then the follower's {@code position} (before the append completes, so
     * that a receipt implies the node's head is at the event), then completes the append waiting for it, if any.
     * Never throws: a delivery that fails is logged (and fails the waiting append); the follower goes on.
     */
    static void tell(EventLog.Listener listener, LoggedEvent event, Expected waiting, Consumer<EventId> position) {
        try {
            int recipients = listener.appended(event);
            position.accept(event.id());
            if (waiting != null) {
                waiting.told().complete(new EventLog.Appended(event, recipients));
            }
        } catch (RuntimeException e) {
            position.accept(event.id());
            LOG.log(System.Logger.Level.ERROR, "delivery of event " + event.id() + " failed", e);
            if (waiting != null) {
                waiting.told().completeExceptionally(e);
            }
        }
    }

    static Throwable rootOf(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
