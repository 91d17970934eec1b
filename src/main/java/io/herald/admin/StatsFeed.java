package io.herald.admin;

import io.herald.concurrency.ContainerThreads;
import io.herald.auth.Caller;
import io.herald.delivery.Dispatcher;
import io.herald.metrics.LatencyCounts;
import io.herald.metrics.TenantStats;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.Json;
import io.herald.tenant.Connection;
import io.herald.tenant.MembershipListener;
import io.herald.tenant.Tenant;
import io.herald.tenant.TenantRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code herald.stats} feed: every {@code herald.admin.stats-interval} (1 s) a {@link StatsFrame} to each open
 * session whose caller is {@code herald-admin} now and whose subscription holds exactly
 * {@link ControlFrames#STATS_TYPE} (the page subscribes like any client; {@code socket} refuses that subscription to
 * anyone else). The frame is a control frame queued in each such session's outbox, never an event: not in any
 * tenant's log, not replayed, seen by no other session.
 * <p>
 * Cost: the set of admin sessions is kept from the registry's open and close notices (one role check per opened
 * connection); a tick that finds no admin session subscribed reads nothing and sends nothing. While one watches, a
 * tick reads every tenant's counters once and walks each tenant's rooms once (keeping the largest
 * {@code herald.admin.top}), whatever the number of admin sessions.
 * <p>
 * Threads: the listener methods run on the registry's callers; ticks run one at a time on the container's managed
 * scheduler (fixed delay: never two at once), which alone touches {@link #previous}.
 */
@ApplicationScoped
public class StatsFeed implements MembershipListener {

    private static final System.Logger LOG = System.getLogger(StatsFeed.class.getName());
    private static final double P50 = 0.5;
    private static final double P99 = 0.99;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedScheduledExecutorService scheduler;

    @Inject
    TenantRegistry registry;

    @Inject
    Dispatcher dispatcher;

    @Inject
    @ConfigProperty(name = "herald.admin.stats-interval", defaultValue = "PT1S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "herald.admin.top", defaultValue = "20")
    int top;

    /** Open connections of a {@code herald-admin} caller (as it connected); few, so each tick may walk them. */
    private final Set<Connection> admins = ConcurrentHashMap.newKeySet();
    /** The last snapshot sent, null when no admin watched at the last tick. Tick thread only. */
    private Snapshot previous;
    private ScheduledFuture<?> ticks;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long period = Math.max(100, interval.toMillis());
        if (scheduler == null) {
            scheduler = ContainerThreads.scheduler();
        }
        ticks = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    @Override
    public void opened(Connection c, Set<String> rooms) {
        if (c.caller().hasRole(Caller.ADMIN)) {
            admins.add(c);
        }
    }

    @Override
    public void closed(Connection c, Set<String> rooms) {
        admins.remove(c);
    }

    /** Never throws: an exception would end the schedule. */
    void tick() {
        try {
            List<Connection> to = watchers();
            if (to.isEmpty()) {
                previous = null;
                return;
            }
            Snapshot now = Snapshot.take(registry.tenants(), Math.max(1, top));
            StatsFrame frame = now.frame(previous);
            previous = now;
            for (Connection c : to) {
                dispatcher.send(c, frame);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the herald.stats feed failed a tick", e);
        }
    }

    /**
     * @return the admin sessions to send to now: still open, still {@code herald-admin} (an {@code auth} with a token
     *         without the role stops the feed), subscribed to the exact type
     */
    private List<Connection> watchers() {
        List<Connection> to = new ArrayList<>();
        for (Connection c : admins) {
            if (!registry.isOpen(c)) {
                admins.remove(c); // closed between its notice and now cannot happen, but never keep a dead one
            } else if (c.caller().hasRole(Caller.ADMIN) && c.filter().patterns().contains(ControlFrames.STATS_TYPE)) {
                to.add(c);
            }
        }
        return to;
    }

    /** The counters of one tenant at one moment (read one by one: not atomic across counters). */
    record Totals(String tenant, long connections, long in, long out, long published, long delivered, long dropped,
                  LatencyCounts latency) {
        static Totals of(Tenant t) {
            TenantStats s = t.stats();
            return new Totals(t.name(), t.active(), s.messagesIn(), s.messagesOut(), s.published(), s.delivered(),
                    s.dropped(), s.latencyCounts());
        }

        static final Totals NONE = new Totals(null, 0, 0, 0, 0, 0, 0, LatencyCounts.EMPTY);

        Totals plus(Totals o) {
            return new Totals(null, connections + o.connections, in + o.in, out + o.out, published + o.published,
                    delivered + o.delivered, dropped + o.dropped, latency.plus(o.latency));
        }

        /** @param intervalMs since {@code before}; null: no interval (no rates, no latency) */
        StatsFrame.Figures since(Totals before, Long intervalMs, Integer tenants) {
            Totals b = before == null ? NONE : before;
            LatencyCounts interval = latency.minus(b.latency);
            return new StatsFrame.Figures(tenant, tenants, connections,
                    StatsFrame.rate(in, b.in, intervalMs), StatsFrame.rate(out, b.out, intervalMs),
                    StatsFrame.rate(published, b.published, intervalMs), StatsFrame.rate(delivered, b.delivered, intervalMs),
                    StatsFrame.rate(dropped, b.dropped, intervalMs),
                    intervalMs == null ? null : StatsFrame.millis(interval, P50),
                    intervalMs == null ? null : StatsFrame.millis(interval, P99));
        }
    }

    /** Every tenant's totals, the node's sum and the largest rooms, at one tick. */
    record Snapshot(long nanos, Instant at, Map<String, Totals> tenants, Totals node, List<StatsFrame.Room> rooms, int top) {
        static Snapshot take(List<Tenant> all, int top) {
            Map<String, Totals> tenants = new HashMap<>();
            Totals node = Totals.NONE;
            List<StatsFrame.Room> rooms = new ArrayList<>();
            for (Tenant t : all) {
                Totals totals = Totals.of(t);
                tenants.put(t.name(), totals);
                node = node.plus(totals);
                t.largestRooms(top).forEach(r -> rooms.add(new StatsFrame.Room(t.name(), r.room(), r.members())));
            }
            rooms.sort(Comparator.comparingInt(StatsFrame.Room::members).reversed()
                    .thenComparing(StatsFrame.Room::tenant).thenComparing(StatsFrame.Room::room));
            return new Snapshot(System.nanoTime(), Instant.now(), tenants, node,
                    List.copyOf(rooms.subList(0, Math.min(top, rooms.size()))), top);
        }

        /** @param before the previous tick's snapshot, null when there was none (no rates then) */
        StatsFrame frame(Snapshot before) {
            Long ms = before == null ? null : Math.max(1, (nanos - before.nanos) / 1_000_000);
            List<StatsFrame.Figures> each = new ArrayList<>();
            for (Totals t : tenants.values()) {
                // a tenant first seen since the previous tick counts from zero over the interval
                each.add(t.since(before == null ? null : before.tenants.getOrDefault(t.tenant(), Totals.NONE), ms, null));
            }
            each.sort(Comparator.comparingLong(StatsFrame.Figures::connections).reversed()
                    .thenComparing(f -> f.out() == null ? 0 : -f.out()).thenComparing(StatsFrame.Figures::tenant));
            return new StatsFrame(Json.timestamp(at), ms, node.since(before == null ? null : before.node, ms, tenants.size()),
                    List.copyOf(each.subList(0, Math.min(top, each.size()))), rooms);
        }
    }
}
