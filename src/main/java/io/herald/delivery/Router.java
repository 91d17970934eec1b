package io.herald.delivery;

import io.herald.replay.EventId;
import io.herald.replay.EventLog;
import io.herald.replay.LoggedEvent;
import io.herald.replay.Replay;
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
 * Routes publications to sessions and replays missed events. Every publishing path (CDI events, HTTP, client
 * events) ends here. Thread-safe; publishes and replays of one tenant are ordered by that tenant's monitor,
 * those of different tenants run in parallel.
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
                switch (c.outbox().offer(event)) {
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

    /**
     * Replays to {@code c} the kept events after {@code since} that it selects now (rooms, user, type filter), in
     * order, then lets live delivery go on with no gap and no duplicate: under the tenant's monitor no event is
     * published meanwhile, the live events queued but not yet sent are taken back (the replay covers them), and
     * events already handed to the socket are not sent again. The one case not covered: an event published after
     * the connection opened, for a room it joined later, before it resumed (join at connect with {@code ?rooms=}).
     *
     * @return the frame to answer with when the events asked for are no longer kept ({@code reset}), else null
     */
    public ResetFrame resume(Connection c, EventId since) {
        Tenant tenant = registry.tenant(c.tenant());
        synchronized (tenant) {
            Outbox.Rewound rewound = c.outbox().rewind();
            Replay replay = log.since(c.tenant(), since);
            if (replay instanceof Replay.Reset reset) {
                c.outbox().replay(rewound.unsent(), false);
                c.outbox().release();
                return new ResetFrame(reset.since(), reset.oldest());
            }
            List<LoggedEvent> selected = new ArrayList<>();
            for (LoggedEvent e : ((Replay.Events) replay).events()) {
                if (!rewound.sent(e.id()) && selects(c, e)) {
                    selected.add(e);
                }
            }
            c.outbox().replay(selected, true);
            c.outbox().release();
            return null;
        }
    }

    /** The same addressing rule as {@link Tenant#forEachAddressee} plus the type filter, for one kept event. */
    private static boolean selects(Connection c, LoggedEvent e) {
        return (e.room() == null || c.isIn(e.room()))
                && (e.user() == null || e.user().equals(c.user()))
                && c.filter().matches(e.type());
    }

    private void closeSlowConsumer(Connection c) {
        registry.tenant(c.tenant()).stats().slowConsumerClosed();
        registry.unregister(c);
        LOG.log(System.Logger.Level.WARNING, "closing slow consumer {0} of tenant {1}: outbound queue over its bound",
                c.id(), c.tenant());
        flusher.close(c.outbox(), CloseCodes.SLOW_CONSUMER, "slow consumer");
    }
}
