package io.herald.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.TopicConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.herald.concurrency.ContainerThreads;
import io.herald.presence.MemberTable;
import io.herald.presence.Presence;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The cluster-wide member table on Payara's Hazelcast member, for {@link HazelcastMemberTable} (which names no
 * Hazelcast type); one of the two classes that name Hazelcast types, with {@link HazelcastMember}.
 * <ul>
 * <li><b>Scopes:</b> the map {@code herald-presence}, one entry per scope ({@code <len>:<tenant>:<scope>}, the scope
 * {@code ""} being the tenant as a whole): user → its fields ({@code m} the meta's JSON, {@code c:<node>:<connection>}
 * one per device). Every change of a scope is one step under the map's lock on that scope's key (held by one node at a
 * time cluster-wide; Hazelcast frees the lock of a member that dies): read, decide, write, tell.</li>
 * <li><b>Changes:</b> each join and leave is published, inside its step, on the topic {@code herald-presence-changes}
 * with global ordering (one partition orders every message), as {@code String[]{kind, tenant, scope, user, meta,
 * deciding node}}; every node tells them to {@link Presence.Changes} in that order on a thread of its own.</li>
 * <li><b>Nodes:</b> a node is its Hazelcast member's UUID. What it holds is in the map {@code herald-presence-node-<uuid>}
 * (entry as a JSON array → 1), its life in {@code herald-presence-nodes} (uuid → since). When Hazelcast removes a member
 * from the cluster (a crash, a kill, a split), the survivors' {@link #sweep} (at once from the membership listener,
 * and on {@link io.herald.presence.SharedPresence}'s timer) takes its entries out, its last members leaving at once,
 * decided by the node whose step removed them. No lease is renewed: {@link #renew} answers whether the node is still
 * in {@code herald-presence-nodes} (false at first, and after the survivors swept it: then it puts its entries back).</li>
 * <li><b>Pending leaves:</b> the map {@code herald-presence-pending} ({@code [tenant, scope, user]} → due, cluster time).</li>
 * </ul>
 * Values are JDK types only (strings, {@link HashMap}s of strings, {@code Long}), as in {@link HazelcastMember}.
 * Thread-safe; calls block up to {@code herald.hazelcast.timeout} per lock and throw {@link Presence.Unavailable}.
 */
final class HazelcastMemberEntries {

    private static final System.Logger LOG = System.getLogger(HazelcastMemberEntries.class.getName());

    static final String SCOPES = "herald-presence";
    static final String CHANGES = "herald-presence-changes";
    static final String NODES = "herald-presence-nodes";
    static final String PENDING = "herald-presence-pending";
    static final String NODE_PREFIX = "herald-presence-node-";
    private static final String META = "m";
    private static final String DEVICE = "c:";
    /** Held at most this long by a node that stops answering without leaving the cluster. */
    private static final Duration LOCK_LEASE = Duration.ofSeconds(30);

    private final HazelcastInstance hz;
    private final Duration timeout;
    private final IMap<String, HashMap<String, HashMap<String, String>>> scopes;
    private final IMap<String, Long> nodes;
    private final IMap<String, Long> pending;
    private final ITopic<String[]> changes;
    /** Tells the changes in the topic's order, and sweeps after a member left. */
    private final ScheduledThreadPoolExecutor thread;
    private final UUID changesListener;
    private final UUID membershipListener;

    HazelcastMemberEntries(HazelcastInstance hz, Duration timeout, ManagedThreadFactory threads, Presence.Changes told) {
        this.hz = hz;
        this.timeout = timeout;
        try {
            hz.getConfig().addTopicConfig(new TopicConfig(CHANGES).setGlobalOrderingEnabled(true));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the presence topic keeps the configuration another node gave it: " + e.getMessage());
        }
        scopes = hz.getMap(SCOPES);
        nodes = hz.getMap(NODES);
        pending = hz.getMap(PENDING);
        changes = hz.getTopic(CHANGES);
        thread = ContainerThreads.timer(threads);
        thread.prestartAllCoreThreads(); // on the deploying thread: see HazelcastMember
        changesListener = changes.addMessageListener(m -> {
            String[] c = m.getMessageObject();
            thread.execute(() -> tell(told, c));
        });
        membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                thread.execute(() -> {
                    try {
                        sweep();
                    } catch (RuntimeException failure) {
                        LOG.log(System.Logger.Level.WARNING, "presence entries of the node that left not swept yet: " + failure);
                    }
                });
            }
        });
    }

    private void tell(Presence.Changes told, String[] c) {
        try {
            String scope = c[2].isEmpty() ? null : c[2];
            boolean here = node().equals(c[5]);
            if ("join".equals(c[0])) {
                told.joined(c[1], scope, c[3], json(c[4]), here);
            } else {
                told.left(c[1], scope, c[3], here);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "presence change not told: " + e);
        }
    }

    MemberTable.Added add(MemberTable.Entry e, JsonObject meta) {
        return call(() -> {
            if (!nodes.containsKey(node())) {
                return MemberTable.Added.NO_LEASE;
            }
            return enter(e.tenant(), scope(e.scope()), e.user(), e.connection(), meta.toString())
                    ? MemberTable.Added.JOINED : MemberTable.Added.KNOWN;
        });
    }

    boolean remove(MemberTable.Entry e, Duration grace) {
        return call(() -> exit(node(), e.tenant(), scope(e.scope()), e.user(), e.connection(), grace.toMillis()));
    }

    boolean renew() {
        return call(() -> nodes.putIfAbsent(node(), hz.getCluster().getClusterTime()) != null);
    }

    void resync(Map<MemberTable.Entry, JsonObject> entries, Duration grace) {
        call(() -> {
            Map<String, String[]> want = new HashMap<>();
            entries.forEach((e, meta) -> want.put(key(e.tenant(), scope(e.scope()), e.user(), e.connection()),
                    new String[]{e.tenant(), scope(e.scope()), e.user(), e.connection(), meta.toString()}));
            for (String held : held(node()).keySet()) {
                if (!want.containsKey(held)) {
                    String[] x = strings(held);
                    exit(node(), x[0], x[1], x[2], x[3], grace.toMillis());
                }
            }
            for (String[] w : want.values()) {
                enter(w[0], w[1], w[2], w[3], w[4]);
            }
            return null;
        });
    }

    /** @return the number of nodes that left the cluster whose entries this call removed */
    int sweep() {
        return call(() -> {
            Set<String> alive = new HashSet<>();
            for (Member m : hz.getCluster().getMembers()) {
                alive.add(m.getUuid().toString());
            }
            int dead = 0;
            for (String n : nodes.keySet()) {
                if (!alive.contains(n)) {
                    drop(n, 0);
                    dead++;
                }
            }
            due();
            return dead;
        });
    }

    void expireDue() {
        call(() -> {
            due();
            return null;
        });
    }

    void release(Duration grace) {
        call(() -> {
            drop(node(), grace.toMillis());
            return null;
        });
    }

    List<io.herald.presence.Member> members(String tenant, String scope) {
        HashMap<String, HashMap<String, String>> s = call(() -> scopes.get(scopeKey(tenant, scope(scope))));
        if (s == null) {
            return List.of();
        }
        List<io.herald.presence.Member> members = new ArrayList<>(s.size());
        s.forEach((user, fields) -> members.add(new io.herald.presence.Member(user, devices(fields), json(fields.get(META)))));
        members.sort(Comparator.comparing(io.herald.presence.Member::user));
        return List.copyOf(members);
    }

    /** Stops telling; the member itself is Payara's and goes on. */
    void leave() {
        try {
            changes.removeMessageListener(changesListener);
            hz.getCluster().removeMembershipListener(membershipListener);
        } catch (RuntimeException e) {
            // the member is shutting down too
        }
        thread.shutdownNow();
    }

    /** @return true when the user became a member of the scope */
    private boolean enter(String t, String s, String u, String c, String meta) {
        String k = scopeKey(t, s);
        return locked(k, () -> {
            HashMap<String, HashMap<String, String>> scope = scopes.get(k);
            if (scope == null) {
                scope = new HashMap<>();
            }
            HashMap<String, String> member = scope.get(u);
            boolean joined = member == null;
            if (joined) {
                member = new HashMap<>();
                member.put(META, meta);
            } else if (devices(member) == 0) {
                pending.delete(key(t, s, u)); // back within the grace
            }
            member.put(DEVICE + node() + ":" + c, "1");
            scope.put(u, member);
            scopes.set(k, scope);
            held(node()).set(key(t, s, u, c), "1");
            if (joined) {
                changes.publish(new String[]{"join", t, s, u, meta, node()});
            }
            return joined;
        });
    }

    /**
     * Takes connection {@code c} of node {@code owner} out; its user leaves at once ({@code grace} ≤ 0) or is pending
     * when it was the last.
     *
     * @return true when a leave is pending
     */
    private boolean exit(String owner, String t, String s, String u, String c, long grace) {
        String k = scopeKey(t, s);
        return locked(k, () -> {
            held(owner).delete(key(t, s, u, c));
            HashMap<String, HashMap<String, String>> scope = scopes.get(k);
            HashMap<String, String> member = scope == null ? null : scope.get(u);
            if (member == null || member.remove(DEVICE + owner + ":" + c) == null) {
                return false;
            }
            boolean last = devices(member) == 0;
            if (last && grace <= 0) {
                scope.remove(u);
            }
            if (scope.isEmpty()) {
                scopes.delete(k);
            } else {
                scopes.set(k, scope);
            }
            if (!last) {
                return false;
            }
            if (grace <= 0) {
                changes.publish(new String[]{"leave", t, s, u, "", node()});
                return false;
            }
            pending.set(key(t, s, u), hz.getCluster().getClusterTime() + grace);
            return true;
        });
    }

    private void due() {
        long now = hz.getCluster().getClusterTime();
        for (Map.Entry<String, Long> p : pending.entrySet()) {
            if (p.getValue() > now) {
                continue;
            }
            String[] x = strings(p.getKey());
            String k = scopeKey(x[0], x[1]);
            locked(k, () -> {
                Long due = pending.get(p.getKey());
                if (due == null || due > now) {
                    return null; // another node expired it, or the user came back and left again since
                }
                pending.delete(p.getKey());
                HashMap<String, HashMap<String, String>> scope = scopes.get(k);
                HashMap<String, String> member = scope == null ? null : scope.get(x[2]);
                if (member != null && devices(member) == 0) {
                    scope.remove(x[2]);
                    if (scope.isEmpty()) {
                        scopes.delete(k);
                    } else {
                        scopes.set(k, scope);
                    }
                    changes.publish(new String[]{"leave", x[0], x[1], x[2], "", node()});
                }
                return null;
            });
        }
    }

    /** Every entry of node {@code n} goes, its last members leaving after {@code grace} (0: at once); then the node. */
    private void drop(String n, long grace) {
        IMap<String, String> held = held(n);
        Set<String> entries = held.keySet();
        for (String e : entries) {
            String[] x = strings(e);
            exit(n, x[0], x[1], x[2], x[3], grace);
        }
        held.destroy();
        nodes.delete(n);
        if (!n.equals(node()) && !entries.isEmpty()) { // every survivor sweeps: those that found entries say so
            LOG.log(System.Logger.Level.INFO, "presence: the entries of node {0}, which left the cluster, removed", n);
        }
    }

    /**
     * This node: its member's UUID, asked each time (a member that merges back after a split gets a new one; its
     * former one is swept, and the check in {@link #renew} puts its entries back under the new one).
     */
    private String node() {
        return hz.getCluster().getLocalMember().getUuid().toString();
    }

    private IMap<String, String> held(String n) {
        return hz.getMap(NODE_PREFIX + n);
    }

    private <T> T locked(String k, java.util.function.Supplier<T> step) {
        boolean locked;
        try {
            locked = scopes.tryLock(k, timeout.toMillis(), TimeUnit.MILLISECONDS, LOCK_LEASE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Presence.Unavailable("interrupted waiting for a presence lock in Hazelcast", e);
        }
        if (!locked) {
            throw new Presence.Unavailable("a presence lock in Hazelcast not granted within " + timeout, null);
        }
        try {
            return step.get();
        } finally {
            scopes.unlock(k);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (Presence.Unavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Presence.Unavailable("presence in Hazelcast failed: " + e, e);
        }
    }

    private static int devices(Map<String, String> member) {
        int n = 0;
        for (String f : member.keySet()) {
            if (f.startsWith(DEVICE)) {
                n++;
            }
        }
        return n;
    }

    private static String scopeKey(String tenant, String scope) {
        return tenant.length() + ":" + tenant + ":" + scope;
    }

    private static String scope(String scope) {
        return scope == null ? "" : scope;
    }

    /** Strings as one JSON array: a key no tenant, room, user or connection can make ambiguous. */
    private static String key(String... parts) {
        var a = Json.createArrayBuilder();
        for (String p : parts) {
            a.add(p);
        }
        return a.build().toString();
    }

    private static String[] strings(String key) {
        try (var r = Json.createReader(new StringReader(key))) {
            JsonArray a = r.readArray();
            String[] out = new String[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.getString(i);
            }
            return out;
        }
    }

    private static JsonObject json(String text) {
        try (var r = Json.createReader(new StringReader(text == null || text.isEmpty() ? "{}" : text))) {
            return r.readObject();
        }
    }
}
