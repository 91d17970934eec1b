package io.herald.presence;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The presence state: per tenant, the members of each room with presence and the online users, each member with the
 * ids of its connections. The single-node implementation is {@link LocalPresence}; the cluster-wide one is {@link
 * SharedPresence} over a backend's {@link MemberTable}, with the same contract (members across nodes, a crashed node's
 * entries expiring).
 * <p>
 * A <em>scope</em> is a room name, or null for the tenant as a whole (its online users). Real changes only are told to
 * the {@link Changes} bean: a user's first connection into a scope ({@link Changes#joined}), and its last one out
 * ({@link Changes#left}) — at once, or when the grace passed without the user coming back. Thread-safe; no global
 * lock: a change of one connection is ordered after the earlier changes of the same connection.
 */
public interface Presence {

    /**
     * Enters a connection into a scope, when {@code current} says (under the tenant's lock) that it still belongs
     * there: the caller was told of the change before a concurrent close may have been, and the check orders them.
     * A user coming back within the grace cancels its pending leave: nothing is told.
     *
     * @param meta the metadata of the user when this is its first connection in the scope (kept while it is a member);
     *             null for none; ignored otherwise
     */
    void enter(String tenant, String scope, String user, String connection, JsonObject meta, BooleanSupplier current);

    /**
     * Takes a connection out of a scope; idempotent (a connection not in it changes nothing). When it was the user's
     * last, the user leaves the scope after {@code grace} unless one of its connections enters meanwhile ({@link
     * Duration#ZERO}: at once, on this thread).
     */
    void exit(String tenant, String scope, String user, String connection, Duration grace);

    /**
     * @return the scope's members sorted by user, a snapshot; empty, never null, when it has none
     * @throws Unavailable when a cluster-wide implementation cannot reach its backend
     */
    List<Member> members(String tenant, String scope);

    /**
     * Told of real changes in the order they happened for that tenant (the grace's expiry on the implementation's own
     * thread), each change once per node. On one node every change is decided here; across nodes every node is told
     * every change (to tell its own connections) and exactly one of them, the node that decided it, is told it with
     * {@code decidedHere} true (to tell the application once). Must not block.
     */
    interface Changes {
        /** {@code user} became a member of {@code scope} (null: came online in the tenant). */
        void joined(String tenant, String scope, String user, JsonObject meta, boolean decidedHere);

        /** {@code user} stopped being a member of {@code scope} (null: went offline). */
        void left(String tenant, String scope, String user, boolean decidedHere);
    }

    /** The cluster-wide presence backend cannot be reached: the members are unknown for now (HTTP 503). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
