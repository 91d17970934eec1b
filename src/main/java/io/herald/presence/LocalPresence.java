package io.herald.presence;

import io.herald.concurrency.ContainerThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@link Presence} on one node, in memory ({@code herald.cluster=local}; every change is decided here). Each tenant's state is guarded by its own monitor (no global lock), held
 * for map updates and for telling {@link Presence.Changes}, which only queues frames and CDI events. Scopes and members
 * are removed when their last member leaves, so memory follows live members; a tenant's (empty) holder is kept once
 * seen, like the registry's tenants. Pending leaves run on one timer thread of Herald's own (the container's managed
 * thread factory; the managed scheduled executor would capture a context per task, costly on Payara).
 */
@ApplicationScoped
@Typed(LocalPresence.class)
public class LocalPresence implements Presence {

    /** The tenant as a whole (its online users): room names are never empty. */
    private static final String TENANT = "";

    @Inject
    Presence.Changes changes;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    private final Map<String, TenantMembers> tenants = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        timer = ContainerThreads.timer(threads);
    }

    @PreDestroy
    void stop() {
        timer.shutdown();
    }

    @Override
    public void enter(String tenant, String scope, String user, String connection, JsonObject meta, BooleanSupplier current) {
        TenantMembers t = tenants.computeIfAbsent(tenant, k -> new TenantMembers());
        synchronized (t) {
            if (!current.getAsBoolean()) {
                return;
            }
            Map<String, Entry> members = t.scopes.computeIfAbsent(key(scope), k -> new HashMap<>());
            Entry e = members.get(user);
            if (e == null) {
                e = new Entry(meta);
                members.put(user, e);
                e.connections.add(connection);
                changes.joined(tenant, scope, user, e.meta, true);
            } else {
                e.connections.add(connection);
                e.pendingLeave = null; // back within the grace: the leave is not told
            }
        }
    }

    @Override
    public void exit(String tenant, String scope, String user, String connection, Duration grace) {
        TenantMembers t = tenants.get(tenant);
        if (t == null) {
            return;
        }
        synchronized (t) {
            Map<String, Entry> members = t.scopes.get(key(scope));
            Entry e = members == null ? null : members.get(user);
            if (e == null || !e.connections.remove(connection) || !e.connections.isEmpty()) {
                return;
            }
            if (grace.isZero() || grace.isNegative()) {
                leaveLocked(t, tenant, scope, user);
                return;
            }
            Object pending = new Object();
            e.pendingLeave = pending;
            timer.schedule(() -> expire(t, tenant, scope, user, e, pending), grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The grace ran out: the user leaves unless it came back (its entry no longer waits for this leave). */
    private void expire(TenantMembers t, String tenant, String scope, String user, Entry e, Object pending) {
        synchronized (t) {
            Map<String, Entry> members = t.scopes.get(key(scope));
            if (members != null && members.get(user) == e && e.pendingLeave == pending && e.connections.isEmpty()) {
                leaveLocked(t, tenant, scope, user);
            }
        }
    }

    private void leaveLocked(TenantMembers t, String tenant, String scope, String user) {
        Map<String, Entry> members = t.scopes.get(key(scope));
        members.remove(user);
        if (members.isEmpty()) {
            t.scopes.remove(key(scope));
        }
        changes.left(tenant, scope, user, true);
    }

    @Override
    public List<Member> members(String tenant, String scope) {
        TenantMembers t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        List<Member> list = new ArrayList<>();
        synchronized (t) {
            t.scopes.getOrDefault(key(scope), Map.of())
                    .forEach((user, e) -> list.add(new Member(user, e.connections.size(), e.meta)));
        }
        list.sort(Comparator.comparing(Member::user));
        return List.copyOf(list);
    }

    private static String key(String scope) {
        return scope == null ? TENANT : scope;
    }

    /** One tenant's scopes: scope → user → entry; guarded by this object's monitor. */
    private static final class TenantMembers {
        final Map<String, Map<String, Entry>> scopes = new HashMap<>();
    }

    /** One member: its connections' ids (empty while a leave is pending), its metadata. Guarded by the tenant's monitor. */
    private static final class Entry {
        final Set<String> connections = new HashSet<>(2);
        final JsonObject meta;
        /** The pending leave's token while the grace runs, else null (a leave whose token is no longer here is void). */
        Object pendingLeave;

        Entry(JsonObject meta) {
            this.meta = meta;
        }
    }
}
