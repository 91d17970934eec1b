package io.herald.tenant;

import io.herald.auth.Caller;
import io.herald.metrics.HeraldMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Instant;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The one owner of live sessions: by tenant, room and user. Application-scoped and thread-safe; there is no global
 * lock, each tenant's indexes change under that tenant's own index lock. Returned collections are immutable
 * snapshots, never null. Tenants are kept once seen (their lifetime counters live in them); rooms and users are
 * removed when their last connection leaves, so memory follows live connections.
 * <p>
 * Fires {@link SessionOpened} and {@link SessionClosed} on a real change only (the first register, the first
 * unregister of a connection), after the indexes changed and outside any lock, and tells every
 * {@link MembershipListener} of each membership change the same way.
 */
@ApplicationScoped
public class TenantRegistry {

    private static final System.Logger LOG = System.getLogger(TenantRegistry.class.getName());

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    @Inject
    LifecycleEvents lifecycle;

    @Inject
    HeraldMetrics metrics;

    @Inject
    Instance<MembershipListener> listenerBeans;

    /** Resolved once, on first use (iterating an {@code Instance} per change would resolve the beans each time). */
    private volatile List<MembershipListener> listeners;

    /** @return the tenant's state, created on first use; never null */
    public Tenant tenant(String name) {
        return tenants.computeIfAbsent(name, n -> new Tenant(n, metrics.tenant(n)));
    }

    /** @return every tenant seen since start, a snapshot */
    public List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    /**
     * @param tenant the tenant's name
     * @param user   a user of that tenant, or null for all its connections
     * @return the open connections of that tenant (and user), a snapshot; empty for a tenant never seen
     */
    public List<Connection> connections(String tenant, String user) {
        Tenant t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        return List.copyOf(user == null ? t.all : t.users.getOrDefault(user, Set.of()));
    }

    /** Creates a connection; it receives nothing until {@link #register}. */
    public Connection connection(String id, Caller caller, String protocol, Outbound outbound) {
        return new Connection(id, caller, protocol, outbound, tenant(caller.tenant()).stats());
    }

    /** Makes the connection addressable, in the given rooms, and counts it as opened. */
    public void register(Connection c, Set<String> rooms) {
        Tenant t = tenant(c.tenant());
        boolean added;
        synchronized (t.indexLock) {
            added = t.all.add(c);
            if (added) {
                t.users.compute(c.user(), (u, set) -> Tenant.with(set, c));
                rooms.forEach(room -> joinLocked(t, c, room));
            }
        }
        if (added) {
            t.stats().connectionOpened();
            LOG.log(System.Logger.Level.DEBUG, "session {0} of tenant {1} opened: user {2}, {3}, rooms {4}", c.id(), c.tenant(),
                    c.user(), c.protocol(), rooms);
            lifecycle.fire(new SessionOpened(c.id(), c.tenant(), c.user(), c.protocol(), Instant.now()));
            Set<String> joined = c.roomsLive();
            tell(l -> l.opened(c, joined));
        }
    }

    /**
     * Removes the connection from every index; idempotent: only the first call counts and fires {@link SessionClosed}.
     *
     * @param code   the close code the connection is closed with
     * @param reason the close reason, may be null
     * @return true when the connection was registered until now
     */
    public boolean unregister(Connection c, int code, String reason) {
        Tenant t = tenant(c.tenant());
        boolean removed;
        Set<String> rooms;
        synchronized (t.indexLock) {
            removed = t.all.remove(c);
            rooms = c.roomsLive();
            if (removed) {
                t.users.computeIfPresent(c.user(), (u, set) -> Tenant.without(set, c));
                rooms.forEach(room -> leaveIndex(t, c, room));
            }
        }
        if (removed) {
            t.stats().connectionClosed(code);
            LOG.log(System.Logger.Level.DEBUG, "session {0} of tenant {1} closed: {2} {3}", c.id(), c.tenant(), String.valueOf(code), reason);
            lifecycle.fire(new SessionClosed(c.id(), c.tenant(), c.user(), code, reason == null ? "" : reason, Instant.now()));
            tell(l -> l.closed(c, rooms));
        }
        return removed;
    }

    /** @return true while the connection is registered (between {@link #register} and the first {@link #unregister}) */
    public boolean isOpen(Connection c) {
        Tenant t = tenants.get(c.tenant());
        return t != null && t.all.contains(c);
    }


    /** @return true when the connection was not yet in the room */
    public boolean join(Connection c, String room) {
        return join(c, room, null);
    }

    /**
     * @param meta what the client's {@code join} frame carried as {@code meta}, for the {@link MembershipListener}s
     *             (presence); null for none
     * @return true when the connection was not yet in the room
     */
    public boolean join(Connection c, String room, JsonObject meta) {
        Tenant t = tenant(c.tenant());
        boolean joined;
        synchronized (t.indexLock) {
            joined = t.all.contains(c) && joinLocked(t, c, room);
        }
        if (joined) {
            LOG.log(System.Logger.Level.DEBUG, "session {0} of tenant {1} joined room {2}", c.id(), c.tenant(), room);
            tell(l -> l.joined(c, room, meta));
        }
        return joined;
    }

    /** @return true when the connection was in the room */
    public boolean leave(Connection c, String room) {
        Tenant t = tenant(c.tenant());
        synchronized (t.indexLock) {
            if (!c.removeRoom(room)) {
                return false;
            }
            leaveIndex(t, c, room);
        }
        LOG.log(System.Logger.Level.DEBUG, "session {0} of tenant {1} left room {2}", c.id(), c.tenant(), room);
        tell(l -> l.left(c, room));
        return true;
    }

    private void tell(Consumer<MembershipListener> change) {
        List<MembershipListener> each = listeners;
        if (each == null) {
            each = listenerBeans.stream().toList();
            listeners = each;
        }
        for (MembershipListener l : each) {
            try {
                change.accept(l);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a membership listener failed", e);
            }
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
