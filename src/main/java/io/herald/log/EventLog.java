package io.herald.log;

import java.util.concurrent.CompletionStage;

/**
 * The ordered log of events: one stream per tenant. Every publishing path appends here and gets the event's id;
 * delivery fans out <em>from</em> the log, through its {@link Listener}. Implementations: {@link MemoryEventLog} (one
 * node, the default) and {@code cluster.RedisEventLog} (one Redis Stream per tenant, shared by every node; the
 * listener of each node is told of every event, whichever node appended it) and {@code cluster.HazelcastEventLog}
 * (a ringbuffer per tenant in Payara's Hazelcast), under the same contract.
 * <p>
 * Contract for implementations: thread-safe; {@link #append} never blocks on a client and never holds a lock while
 * the listener runs; the listener is told of each appended event exactly once per node, in id order per tenant, and
 * never concurrently for one tenant.
 */
public interface EventLog {

    /**
     * Appends an event to its tenant's stream.
     *
     * @return completes with the appended event and what this node's listener made of it, once the listener was told;
     *         completes exceptionally with {@link LogUnavailableException} when the log cannot take it (nothing was
     *         appended: the caller may answer 503, never "accepted")
     */
    CompletionStage<Appended> append(EventDraft draft);

    /**
     * @return the id of the tenant's last event this node's listener was (or is being) told of, or the id before its
     *         first one: every later event reaches the listener; never null
     */
    EventId head(String tenant);

    /**
     * @return null when this node's listener is told of every event the log keeps for {@code tenant} (the local log);
     *         else the id up to which the log kept events before the listener started hearing of this tenant's (a
     *         node that started while a cluster log already held events): delivery replays those to a resuming
     *         session, it never hears of them live
     */
    default EventId listenedAfter(String tenant) {
        return null;
    }

    /** @return false while the log cannot take appends (its store unreachable): readiness reports it; never blocks */
    default boolean available() {
        return true;
    }

    /**
     * @param since an id this log handed out earlier, never null
     * @return the kept events after {@code since} in order, or a reset when some of them are no longer kept
     */
    Replay since(String tenant, EventId since);

    /** Delivery's side of the log: told of every appended event, in id order per tenant. */
    interface Listener {
        /** @return how many local sessions the event was queued for (the publisher's receipt) */
        int appended(LoggedEvent event);
    }

    /** What {@link #append} gives back: the event as logged and how many local sessions it was queued for. */
    record Appended(LoggedEvent event, int recipients) {
    }
}
