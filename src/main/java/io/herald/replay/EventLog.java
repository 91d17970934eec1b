package io.herald.replay;

import java.util.function.Function;

/**
 * The ordered log of one tenant stream per tenant. Implementations: {@link MemoryEventLog} (one node, the default);
 * a cluster-wide one comes with scale-out.
 * <p>
 * Ordering contract: callers serialise {@link #append} and {@link #since} per tenant (the router holds the tenant's
 * stream lock), so ids are handed out, and events delivered, in one order per tenant.
 */
public interface EventLog {

    /**
     * Assigns the next id of {@code tenant}'s stream and keeps the event for replay.
     *
     * @param encoder turns the assigned id into the encoded frame, called exactly once
     * @return the kept event, never null
     */
    LoggedEvent append(String tenant, String type, String room, String user, Function<EventId, String> encoder);

    /**
     * @param since an id this log handed out earlier, never null
     * @return the kept events after {@code since} in order, or a reset when some of them are no longer kept
     */
    Replay since(String tenant, EventId since);
}
