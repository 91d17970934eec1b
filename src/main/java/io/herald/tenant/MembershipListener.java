package io.herald.tenant;

import jakarta.json.JsonObject;

import java.util.Set;

/**
 * Told by {@link TenantRegistry} of every change of a connection's membership, whoever made it (a client's action,
 * the connect-time {@code rooms}, a close by either side, an eviction): implemented by the components that keep state
 * per member (presence, client-event limits), so this component does not depend on them. Implementations are
 * application-scoped CDI beans, resolved once; each method does nothing unless overridden.
 * <p>
 * Threads: called on the thread that made the change, after the registry's index lock was released (for
 * {@link #opened} inside delivery's dispatch lane of the tenant), at most once per change and, for one connection,
 * in the order of its changes; changes of different connections may be told concurrently, so an implementation
 * that must not count a closed connection checks {@link TenantRegistry#isOpen} under its own lock (the registry
 * changes first, then tells). Must not block; a listener that throws is logged and the others are still told.
 */
public interface MembershipListener {

    /** The connection became addressable, in {@code rooms} (an immutable set, maybe empty). */
    default void opened(Connection c, Set<String> rooms) {
    }

    /**
     * The connection joined {@code room} by a client's action.
     *
     * @param meta what the client's {@code join} frame carried as {@code meta} (already bounded), or null
     */
    default void joined(Connection c, String room, JsonObject meta) {
    }

    /** The connection left {@code room} by a client's action (not by closing: see {@link #closed}). */
    default void left(Connection c, String room) {
    }

    /** The connection stopped being addressable (closed by either side, or evicted); it was in {@code rooms}. */
    default void closed(Connection c, Set<String> rooms) {
    }
}
