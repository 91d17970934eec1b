package io.herald.tenant;

import io.herald.auth.Caller;
import io.herald.metrics.TenantStats;
import io.herald.subscription.TypeFilter;

import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client connection as the registry sees it: who it is, what it listens to, and the {@link Outbound} that
 * feeds it.
 * <p>
 * Threads: the room set is changed only by {@link TenantRegistry} under the tenant's index lock; it and the type filter
 * are replaced atomically (copy on write); both can be read from any thread. The caller is replaced only by the
 * connection's own message thread (the client's {@code auth} action, {@link #reauthenticated}) and read from any
 * (the expiry scan): a volatile reference, so a reader sees the old credential or the new one, never a mix.
 * <p>
 * Memory: one of these lives as long as its connection, so it holds only what later frames need (no token, no
 * handshake state); a connection in no room or one room holds a shared or a two-field set.
 */
public final class Connection {

    private final String id;
    /** Replaced by {@link #reauthenticated} only; same tenant and user for the connection's whole life. */
    private volatile Caller caller;
    private final String protocol;
    private final Outbound outbound;
    private final long openedAt = System.currentTimeMillis();
    private volatile Set<String> rooms = Set.of();
    private final TenantStats stats;
    private volatile TypeFilter filter = TypeFilter.NONE;
    private volatile long messagesIn;
    private volatile long lastHeard = openedAt;
    private volatile long lastMessage = lastHeard;
    private volatile long lastPinged;

    Connection(String id, Caller caller, String protocol, Outbound outbound, TenantStats stats) {
        this.id = id;
        this.caller = caller;
        this.protocol = protocol;
        this.outbound = outbound;
        this.stats = stats;
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    /**
     * Replaces the credential of this connection with a fresh one of the same tenant and user (a client's {@code auth}
     * action): its expiry, roles and room grants apply from now on. Called on the connection's own message thread.
     *
     * @throws IllegalArgumentException when {@code fresh} names another tenant or user: the registry's indexes are
     *                                  keyed by both, so they never change for a connection
     */
    public void reauthenticated(Caller fresh) {
        if (!fresh.tenant().equals(caller.tenant()) || !fresh.user().equals(caller.user())) {
            throw new IllegalArgumentException("a connection's tenant and user never change");
        }
        caller = fresh;
    }

    public String tenant() {
        return caller.tenant();
    }

    public String user() {
        return caller.user();
    }

    /** @return the negotiated sub-protocol */
    public String protocol() {
        return protocol;
    }

    /** @return what feeds this connection, never null */
    public Outbound outbound() {
        return outbound;
    }

    public Instant openedAt() {
        return Instant.ofEpochMilli(openedAt);
    }

    public TypeFilter filter() {
        return filter;
    }

    public void filter(TypeFilter filter) {
        this.filter = filter;
    }

    /** @return the rooms this connection is in, a sorted immutable snapshot */
    public Set<String> rooms() {
        return Collections.unmodifiableSet(new TreeSet<>(rooms));
    }

    public boolean isIn(String room) {
        return rooms.contains(room);
    }

    /** @return the current rooms, an immutable set (iterate it freely) */
    Set<String> roomsLive() {
        return rooms;
    }

    /** Adds a room; the caller holds the tenant's index lock. @return true when it was not in the room */
    boolean addRoom(String room) {
        Set<String> current = rooms;
        if (current.contains(room)) {
            return false;
        }
        if (current.isEmpty()) {
            rooms = Set.of(room);
        } else {
            Set<String> next = new HashSet<>(current);
            next.add(room);
            rooms = Set.copyOf(next);
        }
        return true;
    }

    /** Removes a room; the caller holds the tenant's index lock. @return true when it was in the room */
    boolean removeRoom(String room) {
        Set<String> current = rooms;
        if (!current.contains(room)) {
            return false;
        }
        Set<String> next = new HashSet<>(current);
        next.remove(room);
        rooms = Set.copyOf(next);
        return true;
    }

    /** Counts one frame received from the client; called on the connection's own message thread. */
    public void received() {
        messagesIn++;
        lastMessage = lastHeard = System.currentTimeMillis();
        stats.received();
    }

    /** @return the counters of this connection's tenant, never null */
    public TenantStats stats() {
        return stats;
    }

    /** The client answered a heartbeat ping. */
    public void ponged() {
        lastHeard = System.currentTimeMillis();
    }

    /** Records that a heartbeat ping was queued; called by the heartbeat scan only. */
    public void pinged(long at) {
        lastPinged = at;
    }

    /** @return when the last heartbeat ping was queued (epoch millis), 0 if never */
    public long lastPinged() {
        return lastPinged;
    }

    /** @return when the client last sent anything, a frame or a pong (epoch millis) */
    public long lastHeard() {
        return lastHeard;
    }

    /** @return when the client last sent a frame, pongs not counted (epoch millis) */
    public long lastMessage() {
        return lastMessage;
    }

    public long messagesIn() {
        return messagesIn;
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + caller.tenant() + "/" + caller.user() + "]";
    }
}
