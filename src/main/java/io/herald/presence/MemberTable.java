package io.herald.presence;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The seam between {@link SharedPresence} (what every cluster-wide presence does on a node: ordering per connection,
 * this node's own entries, grace timers, lease renewal) and a backend's cluster-wide member table (Redis today,
 * {@code cluster.RedisMemberTable}; Hazelcast's member-bound entries, {@code cluster.HazelcastMemberTable}). The table holds, for the whole cluster,
 * each scope's members with their metadata and each member's connections, every connection bound to the node that
 * holds it; every method is one atomic step of the backend, so nodes racing on one user stay exact.
 * <p>
 * Each real change (a user's first connection cluster-wide in, its last one out, at once, after the grace, or when its
 * node's entries expired) is decided by exactly one call on one node, and the table tells it to {@link
 * Presence.Changes} on every node once, {@code decidedHere} on the deciding node only, in the one order the backend
 * applied the changes. Methods throw {@link Presence.Unavailable} when the backend cannot be reached; they may block
 * up to the backend's timeout; thread-safe.
 */
public interface MemberTable {

    /** One connection of a user in a scope (null: the tenant as a whole), held by this node. */
    record Entry(String tenant, String scope, String user, String connection) {
    }

    /** What {@link #add} did. */
    enum Added {
        /** the user became a member (told as a join) */
        JOINED,
        /** the user was a member already (maybe waiting for its grace: now cancelled) */
        KNOWN,
        /** this node holds no lease (first use, or its entries expired): nothing was added; renew, then resync */
        NO_LEASE
    }

    /** Adds the connection; cancels the user's pending leave in the scope. */
    Added add(Entry entry, JsonObject meta);

    /**
     * Removes the connection (nothing when it is not there). When it was the user's last in the cluster, the user
     * leaves at once ({@code grace} zero) or becomes a pending leave due after {@code grace}.
     *
     * @return true when a leave is pending (the caller runs {@link #expireDue} once the grace passed)
     */
    boolean remove(Entry entry, Duration grace);

    /** Tells the leave of every pending member whose grace passed and that did not come back, whichever node left it. */
    void expireDue();

    /**
     * Renews this node's lease: its entries are the cluster's until {@code deadline} from now unless renewed again.
     * A backend whose entries are bound to the member's life (Hazelcast) may just answer true.
     *
     * @return false when this node held no lease (first renewal, or its entries expired): {@link #resync} them
     */
    boolean renew(Duration deadline);

    /**
     * Makes this node's entries in the table these: adds the missing ones (joins where they are first), removes the
     * others (leaves after {@code grace} where they were last).
     */
    void resync(Map<Entry, JsonObject> entries, Duration grace);

    /**
     * Removes the entries of every node whose lease ran out, their last members leaving at once (the lease gave them
     * time to come back elsewhere), and expires due pending leaves. Any node may run it; each change is told once.
     */
    void sweep();

    /** This node stops: its entries go, their last members becoming pending leaves after {@code grace}; its lease ends. */
    void release(Duration grace);

    /** @return the scope's members across the cluster, sorted by user, a snapshot; never null */
    List<Member> members(String tenant, String scope);
}
