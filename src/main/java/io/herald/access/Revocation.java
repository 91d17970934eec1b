package io.herald.access;

import io.herald.delivery.Eviction;
import io.herald.protocol.CloseCodes;
import io.herald.tenant.Connection;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Predicate;

/**
 * Closes the sessions a revoked credential opened, each with 4401 through {@link Eviction} (the one forced-close
 * path), on this node. Both revocations (a user's sessions, an API key's) go through here so that they close and count
 * alike. Stateless and thread-safe: the sessions are the registry's; a session that closes meanwhile is not counted.
 */
@ApplicationScoped
class Revocation {

    @Inject
    TenantRegistry registry;

    @Inject
    Eviction eviction;

    /**
     * @param user  null for every user of the tenant
     * @param which which of those sessions to close
     * @return how many sessions this call closed
     */
    int close(String tenant, String user, Predicate<Connection> which, String reason) {
        int closed = 0;
        for (Connection c : registry.connections(tenant, user)) {
            if (which.test(c) && eviction.forced(c, CloseCodes.CREDENTIAL_EXPIRED, reason)) {
                closed++;
            }
        }
        return closed;
    }
}
