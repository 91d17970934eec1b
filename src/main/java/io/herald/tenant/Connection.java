package io.herald.tenant;

import io.herald.auth.Caller;
import io.herald.delivery.Outbox;
import io.herald.subscription.TypeFilter;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection as the registry sees it: who it is, what it listens to, and the outbox that feeds it.
 * <p>
 * Threads: the room set is changed only by {@link TenantRegistry} under the tenant's monitor; the type filter is
 * replaced atomically (copy on write); both can be read from any thread.
 */
public final class Connection {

    private final String id;
    private final Caller caller;
    private final Outbox outbox;
    private final Instant openedAt = Instant.now();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet(4);
    private final TenantStats stats;
    private volatile TypeFilter filter = TypeFilter.NONE;
    private volatile long messagesIn;
    private volatile long lastHeard = System.currentTimeMillis();
    private volatile long lastMessage = lastHeard;
    private volatile long lastPinged;

    Connection(String id, Caller caller, Outbox outbox, TenantStats stats) {
        this.id = id;
        this.caller = caller;
        this.outbox = outbox;
        this.stats = stats;
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public String tenant() {
        return caller.tenant();
    }

    public String user() {
        return caller.user();
    }

    public Outbox outbox() {
        return outbox;
    }

    public Instant openedAt() {
        return openedAt;
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

    Set<String> roomsLive() {
        return rooms;
    }

    /** Counts one frame received from the client; called on the connection's own message thread. */
    public void received() {
        messagesIn++;
        lastMessage = lastHeard = System.currentTimeMillis();
        stats.received();
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
