package io.herald.publish;

import io.herald.delivery.Publication;
import io.herald.delivery.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Picks up the application's {@link HeraldEvent}s. {@code AFTER_SUCCESS}: inside a JTA transaction the event is
 * routed only once the transaction has committed, never after a rollback; outside one, at once.
 */
@ApplicationScoped
public class DomainEvents {

    private static final System.Logger LOG = System.getLogger(DomainEvents.class.getName());

    @Inject
    Router router;

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HeraldEvent event) {
        Publication p = new Publication(event.tenant(), event.type(), event.room(), event.user(), event.data());
        String problem = event.tenant() == null ? "tenant() is null" : Publications.problem(p);
        if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "event {0} not published: {1}", event.getClass().getName(), problem);
            return;
        }
        try {
            router.publish(p);
        } catch (RuntimeException e) {
            // after commit there is nobody to throw to: say it loudly, once per event
            LOG.log(System.Logger.Level.ERROR, "event " + event.type() + " of tenant " + event.tenant() + " not published", e);
        }
    }
}
