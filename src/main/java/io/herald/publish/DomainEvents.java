package io.herald.publish;

import io.herald.log.AppendAdmission;
import io.herald.metrics.DropReason;
import io.herald.tenant.DisabledTenants;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks up the application's {@link HeraldEvent}s. {@code AFTER_SUCCESS}: inside a JTA transaction the event is
 * routed only once the transaction has committed, never after a rollback; outside one, at once.
 * <p>
 * An event from a committed transaction cannot be refused. When the node is behind with its deliveries (a refusal
 * that passes), the firing thread waits for it to pass, at most {@code herald.backlog.cdi-wait}, and then publishes
 * anyway, with a warning: the application slows down with the node instead of losing events, and memory stays bounded
 * by the per-session outbox bounds. While draining, it is published at once (clients resume it on another node).
 * <p>
 * An event of a tenant disabled in configuration is dropped: the application cannot be told (its transaction has
 * committed), and the tenant's clients are refused anyway. The drops are counted and logged at WARNING, at most once
 * per {@link #WARN_EVERY} (the application may fire thousands), each time with the count so far.
 * <p>
 * With the transactional outbox on ({@link TransactionalOutbox}), an event fired inside a transaction is written to
 * its table in that transaction instead, and relayed to the log after the commit; the backlog wait does not apply to
 * it (the relay appends one event at a time).
 */
@ApplicationScoped
public class DomainEvents {

    private static final System.Logger LOG = System.getLogger(DomainEvents.class.getName());

    static final Duration WARN_EVERY = Duration.ofSeconds(10);

    @Inject
    Publisher publisher;

    @Inject
    DisabledTenants disabledTenants;

    @Inject
    WaitingEvents waiting;

    @Inject
    TenantRegistry registry;

    @Inject
    TransactionalOutbox outbox;

    private final AtomicLong droppedOfDisabled = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    @Inject
    @ConfigProperty(name = "herald.backlog.cdi-wait", defaultValue = "PT5S")
    Duration maxWait;

    /**
     * With the transactional outbox on, an event fired in a transaction goes to its table here, on the firing thread
     * and in its transaction; one fired outside a transaction is published at once, as {@link #onCommitted} does
     * without the outbox. A row that cannot be written fails the firing code (and so its transaction).
     */
    void onFired(@Observes HeraldEvent event) {
        if (!outbox.on()) {
            return;
        }
        switch (outbox.context()) {
            case NONE -> publish(event);
            case ROLLING_BACK -> {
                // never published, as after a rollback
            }
            case TRANSACTION -> {
                Publication p = admitted(event);
                if (p != null) {
                    try {
                        outbox.write(p);
                    } catch (JsonbException e) {
                        LOG.log(System.Logger.Level.ERROR, "event " + event.type() + " of tenant " + event.tenant() + " not published", e);
                    }
                }
            }
        }
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeraldEvent event) {
        if (outbox.on()) {
            return; // onFired took it
        }
        publish(event);
    }

    private void publish(HeraldEvent event) {
        Publication p = admitted(event);
        if (p == null) {
            return;
        }
        waitWhileBehind(p.tenant());
        try {
            waiting.publishOrWait(p);
        } catch (RuntimeException e) {
            // after commit there is nobody to throw to: say it loudly, once per event
            LOG.log(System.Logger.Level.ERROR, "event " + event.type() + " of tenant " + event.tenant() + " not published", e);
        }
    }

    /** @return the event as a valid publication of an enabled tenant, or null when it is dropped (logged, counted) */
    private Publication admitted(HeraldEvent event) {
        Publication p = new Publication(event.tenant(), event.type(), event.room(), event.user(), event.data());
        String problem = event.tenant() == null ? "tenant() is null" : Publications.problem(p);
        if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "event {0} not published: {1}", event.getClass().getName(), problem);
            return null;
        }
        if (disabledTenants.isDisabled(p.tenant())) {
            droppedOfDisabledTenant(event);
            return null;
        }
        return p;
    }

    private void droppedOfDisabledTenant(HeraldEvent event) {
        long dropped = droppedOfDisabled.incrementAndGet();
        registry.tenant(event.tenant()).stats().dropped(DropReason.TENANT_DISABLED, 1);
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + WARN_EVERY.toNanos())) {
            LOG.log(System.Logger.Level.WARNING, "event {0} of tenant {1} dropped: the tenant is disabled ({2} events of"
                    + " disabled tenants dropped since start)", event.type(), event.tenant(), dropped);
        }
    }

    private void waitWhileBehind(String tenant) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        AppendAdmission.Refusal refusal = publisher.refusal(tenant);
        while (refusal != null && refusal.passing() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            refusal = publisher.refusal(tenant);
        }
        if (refusal != null && refusal.passing()) {
            LOG.log(System.Logger.Level.WARNING, "publishing an event of tenant {0} past herald.backlog.cdi-wait: {1}",
                    tenant, refusal.reason());
        }
    }
}
