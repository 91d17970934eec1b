package io.herald.access;

import io.herald.auth.ApiKeys;
import io.herald.cluster.Signal;
import io.herald.cluster.Signals;
import io.herald.delivery.Eviction;
import io.herald.protocol.CloseCodes;
import io.herald.tenant.Connection;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.function.Predicate;

/**
 * Takes authority away from open sessions, on every node: closes this node's sessions at once (4401, through
 * {@link Eviction}) and sends the same revocation to the other nodes as a {@link Signal}, which they carry out on
 * theirs when it arrives. Stateless; thread-safe.
 */
@ApplicationScoped
public class Revocations {

    static final String USER = "sessions.revoke";
    static final String KEY = "key.revoked";
    static final String USER_REVOKED = "credential revoked";

    @Inject
    TenantRegistry registry;

    @Inject
    Eviction eviction;

    @Inject
    Signals signals;

    /** @return the sessions of {@code user} closed on this node */
    int revokeUser(String tenant, String user) {
        signals.toOtherNodes(new Signal(USER, tenant, user));
        return closeSessionsOfUser(tenant, user);
    }

    /** @return the sessions the key authenticated that were closed on this node */
    int revokeKey(String tenant, String keyId) {
        signals.toOtherNodes(new Signal(KEY, tenant, keyId));
        return closeSessionsOfKey(tenant, keyId);
    }

    /**
     * Another node revoked: this node closes its own sessions. For a key, only the sessions are closed: keys minted
     * over the API live in each node's own key file, so revoke the key on every node that has it.
     */
    void revokedElsewhere(@Observes Signal s) {
        switch (s.topic()) {
            case USER -> closeSessionsOfUser(s.tenant(), s.subject());
            case KEY -> closeSessionsOfKey(s.tenant(), s.subject());
            default -> { }
        }
    }

    private int closeSessionsOfUser(String tenant, String user) {
        return close(tenant, user, c -> true, USER_REVOKED);
    }

    /**
     * The key is no longer accepted here when this runs, and a session registered after this walk is closed at its
     * opening ({@code socket.SessionLifecycle} checks its key then), so none escapes a revocation on this node.
     */
    private int closeSessionsOfKey(String tenant, String keyId) {
        return close(tenant, null, c -> keyId.equals(c.caller().keyId()), ApiKeys.REVOKED);
    }

    /**
     * Both revocations close and count alike: 4401 through {@link Eviction}, the one forced-close path; a session that
     * closes meanwhile is not counted.
     *
     * @param user null for every user of the tenant
     */
    private int close(String tenant, String user, Predicate<Connection> which, String reason) {
        int closed = 0;
        for (Connection c : registry.connections(tenant, user)) {
            if (which.test(c) && eviction.forced(c, CloseCodes.CREDENTIAL_EXPIRED, reason)) {
                closed++;
            }
        }
        return closed;
    }
}
