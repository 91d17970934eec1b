package io.herald.delivery;

import io.herald.log.AppendAdmission;
import io.herald.protocol.CloseCodes;
import io.herald.protocol.ControlFrames;
import io.herald.tenant.Connection;
import io.herald.tenant.Tenant;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Graceful drain on shutdown or undeploy. {@link #drain()} turns readiness false, refuses new publishes (an
 * {@link AppendAdmission}: HTTP 503, so nothing is accepted and then lost), queues {@code drain} behind what each
 * session still has to receive, waits until the outboxes are empty or {@code herald.drain.timeout} has passed, and
 * closes every session with 1001. Thread-safe; idempotent.
 */
@ApplicationScoped
public class Drain implements AppendAdmission {

    private static final System.Logger LOG = System.getLogger(Drain.class.getName());

    @Inject
    TenantRegistry registry;

    @Inject
    @ConfigProperty(name = "herald.drain.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "herald.drain.retry-after", defaultValue = "PT2S")
    Duration retryAfter;

    private volatile boolean draining;

    public boolean isDraining() {
        return draining;
    }

    /** @return how long clients are told to wait before they reconnect */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Refusal refusal(String tenant) {
        return draining ? new Refusal("server is draining: publish to another node or retry", retryAfter, false) : null;
    }

    /** Blocks the caller (the container's shutdown thread) for at most {@code herald.drain.timeout}. */
    public void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Connection> sessions = new ArrayList<>();
        for (Tenant t : registry.tenants()) {
            t.forEachAddressee(null, null, sessions::add);
        }
        LOG.log(System.Logger.Level.INFO, "draining {0} sessions", sessions.size());
        ControlFrames.Drain frame = new ControlFrames.Drain(retryAfter.toMillis());
        sessions.forEach(c -> Dispatcher.outboxOf(c).send(frame));
        for (Connection c : sessions) {
            Outbox outbox = Dispatcher.outboxOf(c);
            while (!outbox.isIdle() && System.nanoTime() < deadline) {
                pause();
            }
            registry.unregister(c, CloseCodes.GOING_AWAY, "server going away");
            outbox.closeSession(CloseCodes.GOING_AWAY, "server going away");
            outbox.forceClose(); // the deadline has passed or the outbox is idle: no waiting for a send in flight
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
