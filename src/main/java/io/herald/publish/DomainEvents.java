package io.herald.publish;

import io.herald.log.AppendAdmission;
import io.herald.metrics.DropReason;
import io.herald.tenant.DisabledTenants;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
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

    private final AtomicLong droppedOfDisabled = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());

    @Inject
    @ConfigProperty(name = "herald.backlog.cdi-wait", defaultValue = "PT5S")
    Duration maxWait;

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeraldEvent event) {
        Publication p = new Publication(event.tenant(), event.type(), event.room(), event.user(), event.data());
        String problem = event.tenant() == null ? "tenant() is null" : Publications.problem(p);
        if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "event {0} not published: {1}", event.getClass().getName(), problem);
            return;
        }
        if (disabledTenants.isDisabled(p.tenant())) {
            droppedOfDisabledTenant(event);
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
