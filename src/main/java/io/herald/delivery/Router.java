package io.herald.delivery;

import io.herald.replay.EventLog;
import io.herald.replay.LoggedEvent;
import io.herald.socket.CloseCodes;
import io.herald.tenant.Connection;
import io.herald.tenant.Tenant;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes publications to sessions. Every publishing path (CDI events, HTTP, client events) ends here.
 * Thread-safe; publishes of one tenant are ordered by that tenant's monitor, publishes of different tenants run
 * in parallel.
 */
@ApplicationScoped
public class Router {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    @Inject
    TenantRegistry registry;

    @Inject
    EventLog log;

    @Inject
    Flusher flusher;

    /**
     * Gives the event its id, encodes it once and queues it for every addressed session whose type filter accepts
     * it. Never waits for a client.
     *
     * @return the event id and the number of sessions it was queued for, never null
     * @throws jakarta.json.bind.JsonbException when the payload cannot be serialised (nothing was published)
     */
    public Receipt publish(Publication p) {
        Tenant tenant = registry.tenant(p.tenant());
        String timestamp = FrameEncoder.timestamp(Instant.now());
        List<Outbox> idle = new ArrayList<>();
        List<Connection> overflowed = new ArrayList<>(0);
        int[] recipients = {0};
        LoggedEvent event;
        synchronized (tenant) {
            event = log.append(p.tenant(), p.type(), p.room(), p.user(), id -> FrameEncoder.json(
                    new EventFrame(p.type(), id.toString(), p.tenant(), p.room(), p.data(), timestamp)));
            tenant.forEachAddressee(p.room(), p.user(), c -> {
                if (!c.filter().matches(p.type())) {
                    return;
                }
                switch (c.outbox().offer(event.frame())) {
                    case QUEUED -> recipients[0]++;
                    case QUEUED_IDLE -> {
                        recipients[0]++;
                        idle.add(c.outbox());
                    }
                    case OVERFLOW -> overflowed.add(c);
                    case CLOSED -> { }
                }
            });
        }
        flusher.flush(idle);
        overflowed.forEach(this::closeSlowConsumer);
        return new Receipt(event.id().toString(), recipients[0]);
    }

    private void closeSlowConsumer(Connection c) {
        registry.tenant(c.tenant()).stats().slowConsumerClosed();
        LOG.log(System.Logger.Level.WARNING, "closing slow consumer {0} of tenant {1}: outbound queue over its bound",
                c.id(), c.tenant());
        flusher.execute(() -> c.outbox().closeSession(CloseCodes.SLOW_CONSUMER, "slow consumer"));
    }
}
