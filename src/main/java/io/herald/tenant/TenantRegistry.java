package io.herald.tenant;

import io.herald.auth.Caller;
import io.herald.delivery.Outbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of live sessions: by tenant, room and user. Application-scoped and thread-safe; there is no global
 * lock, each tenant's changes are made under that tenant's monitor. Returned collections are immutable snapshots,
 * never null. Tenants are kept once seen (their lifetime counters live in them); rooms and users are removed when
 * their last connection leaves, so memory follows live connections.
 */
@ApplicationScoped
public class TenantRegistry {

    private static final System.Logger LOG = System.getLogger(TenantRegistry.class.getName());

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /** @return the tenant's state, created on first use; never null */
    public Tenant tenant(String name) {
        return tenants.computeIfAbsent(name, Tenant::new);
    }

    /** @return every tenant seen since start, a snapshot */
    public List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    /** Creates a connection; it receives nothing until {@link #register}. */
    public Connection connection(String id, Caller caller, Outbox outbox) {
        return new Connection(id, caller, outbox, tenant(caller.tenant()).stats());
    }

    /** Makes the connection addressable, in the given rooms, and counts it as opened. */
    public void register(Connection c, Set<String> rooms) {
        Tenant t = tenant(c.tenant());
        synchronized (t) {
            t.all.add(c);
            t.users.compute(c.user(), (u, set) -> Tenant.with(set, c));
            rooms.forEach(room -> joinLocked(t, c, room));
        }
        t.stats().opened.increment();
        LOG.log(System.Logger.Level.DEBUG, "opened {0}", c);
    }

    /** Removes the connection from every index; idempotent. */
    public void unregister(Connection c) {
        Tenant t = tenant(c.tenant());
        boolean removed;
        synchronized (t) {
            removed = t.all.remove(c);
            if (removed) {
                t.users.computeIfPresent(c.user(), (u, set) -> Tenant.without(set, c));
                c.roomsLive().forEach(room -> leaveIndex(t, c, room));
            }
        }
        if (removed) {
            t.stats().closed.increment();
            LOG.log(System.Logger.Level.DEBUG, "closed {0}", c);
        }
    }

    /** @return true when the connection was not yet in the room */
    public boolean join(Connection c, String room) {
        Tenant t = tenant(c.tenant());
        synchronized (t) {
            return t.all.contains(c) && joinLocked(t, c, room);
        }
    }

    /** @return true when the connection was in the room */
    public boolean leave(Connection c, String room) {
        Tenant t = tenant(c.tenant());
        synchronized (t) {
            if (!c.removeRoom(room)) {
                return false;
            }
            leaveIndex(t, c, room);
            return true;
        }
    }

    private static boolean joinLocked(Tenant t, Connection c, String room) {
        if (!c.addRoom(room)) {
            return false;
        }
        t.rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(c);
        return true;
    }

    private static void leaveIndex(Tenant t, Connection c, String room) {
        t.rooms.computeIfPresent(room, (r, set) -> set.remove(c) && set.isEmpty() ? null : set);
    }
}
