package io.herald.delivery;

import io.herald.concurrency.ContainerThreads;
import io.herald.protocol.CloseCodes;
import io.herald.tenant.Connection;
import io.herald.tenant.DisabledTenants;
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
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats, zombie and stall detection, and the end of a session's authority, in one scan of every session. A
 * session the server has not heard from (no frame, no pong) for {@code herald.heartbeat.interval} gets a WebSocket
 * ping, queued in its outbox behind what is waiting and started on the same send path as events (on Undertow, the
 * connection's I/O thread); one not heard from for {@code herald.heartbeat.timeout} (a long poll: its own idle
 * timeout, {@link FrameSink#silenceTimeoutMillis}) is closed with 4408. With {@code herald.idle-timeout} set, a session that sent
 * no frame (pongs do not count) for that long is closed with 4408 as well. A session whose send has been in flight
 * longer than {@code herald.outbox.send-timeout} does not drain: it is closed with 4508 as a slow consumer.
 * A session whose credential expired ({@code exp} plus {@code mp.jwt.verify.clock.skew}, the tolerance the upgrade
 * allowed it) is closed with 4401, and every session of a tenant {@link DisabledTenants disabled} in configuration
 * with 4403. All through {@link Eviction}. Thread-safe; one scan runs at a time.
 * <p>
 * Why expiry rides on this scan rather than on a timer per session or a time-ordered queue: the scan already walks
 * every session every second at most (~0.2 ms per 10,000), and one more comparison per session costs next to nothing
 * and no memory at all, where a queue entry or a scheduled task per session would cost memory for as long as the
 * session lives, and work on every {@code auth} refresh and every close to keep it in step. A session is therefore
 * closed within one scan period (at most 1 s) after its credential ran out.
 */
@ApplicationScoped
public class Heartbeats {

    private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedScheduledExecutorService scheduler;

    @Inject
    TenantRegistry registry;

    @Inject
    Flusher flusher;

    @Inject
    Eviction eviction;

    @Inject
    DeliverySettings settings;

    @Inject
    DisabledTenants disabledTenants;

    /** The token verifier's own tolerance: a session lasts as long as the upgrade would accept its token. */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "herald.heartbeat.interval", defaultValue = "PT25S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "herald.heartbeat.timeout", defaultValue = "PT60S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "herald.idle-timeout", defaultValue = "PT0S")
    Duration idleTimeout;

    private ScheduledFuture<?> scan;
    /** {@link System#nanoTime()} at the end of the last scan (or the start): what liveness looks at. */
    private volatile long lastScan = System.nanoTime();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long period = scanPeriodMillis(interval, timeout);
        if (scheduler == null) {
            scheduler = ContainerThreads.scheduler();
        }
        scan = scheduler.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A scan pings only the sessions whose silence crossed the interval since the previous scan, so the shorter the
     * scan period, the more the pings follow each session's own rhythm (when it connected, when it was last heard)
     * rather than going out as one burst per period. Bursts matter: on Payara Micro every WebSocket send costs about
     * 0.1 ms of CPU, so 10,000 pings at once hold up the events queued behind them for a second. Hence a period of
     * a 25th of the interval (at most 1 s, at least 100 ms); a scan walks every session, ~0.2 ms per 10,000.
     */
    static long scanPeriodMillis(Duration interval, Duration timeout) {
        long shortest = Math.min(interval.toMillis(), timeout.toMillis());
        return Math.max(100, Math.min(1_000, shortest / 25));
    }

    @PreDestroy
    void stop() {
        if (scan != null) {
            scan.cancel(false);
        }
    }

    /**
     * @return how long ago the last session scan ended (or the application started): the scan runs every second at
     *         most, so a long time means its thread is stuck, and with it expiries, pings and send timeouts
     */
    public Duration sinceLastScan() {
        return Duration.ofNanos(System.nanoTime() - lastScan);
    }

    /** @return the ping interval in milliseconds, as {@code welcome} announces it */
    public long intervalMillis() {
        return interval.toMillis();
    }

    void scan() {
        try {
            long now = System.currentTimeMillis();
            long sendTimeout = settings.sendTimeout().toMillis();
            List<Connection> silent = new ArrayList<>();
            List<Connection> stalled = new ArrayList<>();
            List<Outbox> pinged = new ArrayList<>();
            List<Connection> expired = new ArrayList<>();
            List<Connection> disabled = new ArrayList<>();
            Instant expiredBefore = Instant.ofEpochMilli(now).minusSeconds(clockSkewSeconds);
            for (Tenant t : registry.tenants()) {
                if (disabledTenants.isDisabled(t.name())) {
                    t.forEachAddressee(null, null, disabled::add);
                    continue;
                }
                t.forEachAddressee(null, null, c -> {
                    if (c.caller().expiresAt().isBefore(expiredBefore)) {
                        expired.add(c);
                        return;
                    }
                    Outbox outbox = Dispatcher.outboxOf(c);
                    long quiet = now - c.lastHeard();
                    boolean idle = !idleTimeout.isZero() && now - c.lastMessage() > idleTimeout.toMillis();
                    if (quiet > outbox.silenceTimeoutMillis(timeout.toMillis()) || idle) {
                        silent.add(c);
                    } else if (outbox.stalledMillis(now) > sendTimeout) {
                        stalled.add(c);
                    } else if (quiet >= interval.toMillis() && now - c.lastPinged() >= interval.toMillis()) {
                        c.pinged(now); // at most one ping per interval, whatever the scan period
                        if (outbox.ping() == Outbox.Offer.QUEUED_IDLE) {
                            pinged.add(outbox);
                        }
                    }
                });
            }
            flusher.flush(pinged);
            expired.forEach(c -> eviction.forced(c, CloseCodes.CREDENTIAL_EXPIRED, "credential expired"));
            disabled.forEach(c -> eviction.forced(c, CloseCodes.FORBIDDEN, "tenant disabled"));
            silent.forEach(c -> eviction.silent(c, "nothing heard for " + (now - c.lastHeard()) + " ms"));
            stalled.forEach(c -> eviction.slowConsumer(c, "a send in flight for "
                    + Dispatcher.outboxOf(c).stalledMillis(now) + " ms (herald.outbox.send-timeout " + sendTimeout + " ms)"));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat scan failed", e);
        }
        lastScan = System.nanoTime();
    }
}
