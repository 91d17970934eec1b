package io.herald.tenant;

import io.herald.metrics.TenantStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live sessions of one tenant, indexed by room and by user, and its counters. The indexes change only under
 * {@link #indexLock}, which only {@link TenantRegistry} takes; nobody else locks a tenant (delivery orders a
 * tenant's stream with a lock of its own).
 * <p>
 * Reads are weakly consistent; empty room and user sets are removed. A user's set is immutable while small (most
 * users have one or two connections: a concurrent set each would cost ~150 bytes per connection) and replaced under
 * the index lock; past {@link #SMALL} connections it becomes a concurrent set.
 */
public final class Tenant {

    static final int SMALL = 8;

    private final String name;
    private final TenantStats stats;
    /** Guards changes to the indexes; held for map updates only, never across a call out of this component. */
    final Object indexLock = new Object();
    final Set<Connection> all = ConcurrentHashMap.newKeySet();
    final Map<String, Set<Connection>> rooms = new ConcurrentHashMap<>();
    final Map<String, Set<Connection>> users = new ConcurrentHashMap<>();

    Tenant(String name, TenantStats stats) {
        this.name = name;
        this.stats = stats;
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
     * tenant; both set: that user's connections in that room). Weakly consistent: a connection registered or removed
     * meanwhile may or may not be visited. The visitor must not block.
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

    /** @return the set with {@code c} added: a new immutable set while small, else the same concurrent set */
    static Set<Connection> with(Set<Connection> set, Connection c) {
        if (set == null) {
            return Set.of(c);
        }
        if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
            set.add(c);
            return set;
        }
        if (set.contains(c)) {
            return set;
        }
        if (set.size() >= SMALL) {
            Set<Connection> large = ConcurrentHashMap.newKeySet();
            large.addAll(set);
            large.add(c);
            return large;
        }
        Set<Connection> next = new HashSet<>(set);
        next.add(c);
        return Set.copyOf(next);
    }

    /** @return the set without {@code c}, or null when that leaves it empty */
    static Set<Connection> without(Set<Connection> set, Connection c) {
        if (!set.contains(c)) {
            return set;
        }
        if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
            set.remove(c);
            return set.isEmpty() ? null : set;
        }
        Set<Connection> next = new HashSet<>(set);
        next.remove(c);
        return next.isEmpty() ? null : Set.copyOf(next);
    }

    /** @return room name → member count, a sorted immutable snapshot */
    public Map<String, Integer> roomSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        rooms.forEach((room, members) -> sizes.put(room, members.size()));
        return Map.copyOf(sizes);
    }

    /** A room and its member connections at one moment. */
    public record RoomSize(String room, int members) {
    }

    /**
     * @param n how many, at least 1
     * @return the {@code n} rooms with the most member connections, largest first (ties by name), a snapshot; walks
     *         the rooms once, keeping only {@code n} (no copy of the room map)
     */
    public List<RoomSize> largestRooms(int n) {
        Comparator<RoomSize> order = Comparator.comparingInt(RoomSize::members).reversed().thenComparing(RoomSize::room);
        PriorityQueue<RoomSize> top = new PriorityQueue<>(n + 1, order.reversed());
        rooms.forEach((room, members) -> {
            top.add(new RoomSize(room, members.size()));
            if (top.size() > n) {
                top.poll();
            }
        });
        List<RoomSize> largest = new ArrayList<>(top);
        largest.sort(order);
        return List.copyOf(largest);
    }

    @Override
    public String toString() {
        return "Tenant[" + name + "]";
    }
}
