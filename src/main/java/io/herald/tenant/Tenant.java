package io.herald.tenant;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live sessions of one tenant, indexed by room and by user, and its counters. Its monitor orders the tenant's
 * stream: indexes change only under it (see {@link TenantRegistry}), and the router holds it while it assigns an
 * event id and queues the event, so every session sees the tenant's events in id order.
 * <p>
 * Reads without the monitor are weakly consistent; empty room and user sets are removed.
 */
public final class Tenant {

    private final String name;
    private final TenantStats stats = new TenantStats();
    final Set<Connection> all = ConcurrentHashMap.newKeySet();
    final Map<String, Set<Connection>> rooms = new ConcurrentHashMap<>();
    final Map<String, Set<Connection>> users = new ConcurrentHashMap<>();

    Tenant(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public TenantStats stats() {
        return stats;
    }

    public int active() {
        return all.size();
    }

    /**
     * Visits the connections an event addressed to {@code room} and/or {@code user} reaches (both null: the whole
     * tenant; both set: that user's connections in that room). Call while holding this tenant's monitor for a
     * consistent view. The visitor must not block.
     */
    public void forEachAddressee(String room, String user, Consumer<Connection> visitor) {
        if (room != null) {
            Set<Connection> members = rooms.getOrDefault(room, Set.of());
            for (Connection c : members) {
                if (user == null || user.equals(c.user())) {
                    visitor.accept(c);
                }
            }
        } else if (user != null) {
            users.getOrDefault(user, Set.of()).forEach(visitor);
        } else {
            all.forEach(visitor);
        }
    }

    /** @return room name → member count, a sorted immutable snapshot */
    public Map<String, Integer> roomSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        rooms.forEach((room, members) -> sizes.put(room, members.size()));
        return Map.copyOf(sizes);
    }

    @Override
    public String toString() {
        return "Tenant[" + name + "]";
    }
}
