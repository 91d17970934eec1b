package io.herald.delivery;

import io.herald.protocol.CloseCodes;
import io.herald.tenant.Connection;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one path that closes a session the server gives up on: a slow consumer (4508: its outbox overflowed, whatever
 * was being queued, or a send stayed in flight past the send timeout), a silent one (4408), or one whose authority
 * ended (4401 expired or revoked credential, 4403 disabled tenant, 4429 abuse: {@link #forced}). The session is made
 * unaddressable at once, counted, logged with its tenant and reason, and closed off the caller's thread after its
 * send in flight, at the latest after {@code herald.outbox.close-grace}. Thread-safe; idempotent per session.
 */
@ApplicationScoped
public class Eviction {

    private static final System.Logger LOG = System.getLogger(Eviction.class.getName());

    @Inject
    TenantRegistry registry;

    @Inject
    Flusher flusher;

    /** Closes a slow consumer with 4508. */
    public void slowConsumer(Connection c, String why) {
        if (evict(c, CloseCodes.SLOW_CONSUMER, "slow consumer")) {
            c.stats().slowConsumerClosed();
            LOG.log(System.Logger.Level.WARNING, "closing slow consumer {0} of tenant {1}: {2}", c.id(), c.tenant(), why);
        }
    }

    /** Closes a session that stopped answering with 4408. */
    public void silent(Connection c, String why) {
        if (evict(c, CloseCodes.HEARTBEAT_TIMEOUT, "no heartbeat")) {
            LOG.log(System.Logger.Level.WARNING, "closing silent session {0} of tenant {1} with {2}: {3}", c.id(), c.tenant(),
                    String.valueOf(CloseCodes.HEARTBEAT_TIMEOUT), why);
        }
    }

    /**
     * Closes a session for a reason of authority (expired or revoked credential, disabled tenant, abuse), logged at
     * WARNING with its tenant, never with a credential.
     *
     * @param code   the contract's close code (see {@link CloseCodes})
     * @param reason the close reason the client reads, short, never a credential
     * @return true when this call closed it (false: it was already closing)
     */
    public boolean forced(Connection c, int code, String reason) {
        boolean first = evict(c, code, reason);
        if (first) {
            LOG.log(System.Logger.Level.WARNING, "closing session {0} of tenant {1} with {2}: {3}", c.id(), c.tenant(),
                    String.valueOf(code), reason); // a number would be formatted 4,401
        }
        return first;
    }

    /** @return true when this call made the session unaddressable (the first one: count and log it then) */
    private boolean evict(Connection c, int code, String reason) {
        boolean first = registry.unregister(c, code, reason);
        flusher.close(Dispatcher.outboxOf(c), code, reason);
        return first;
    }
}
