package io.herald.socket;

import io.herald.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connections per user ({@code herald.limits.connections-per-user}) and per tenant
 * ({@code herald.limits.connections-per-tenant}), counted from the upgrade: a slot is reserved when the credential has
 * been verified, before the 101, and given back when the connection closes or the upgrade did not happen. A full quota
 * is answered 403 on the upgrade. 0 turns a limit off.
 * <p>
 * Thread-safe without check-then-act: each count is changed by one atomic {@code compute} on its key, so concurrent
 * upgrades can never pass the limit; counts at zero are removed, so memory follows live connections.
 */
@ApplicationScoped
public class ConnectionQuota {

    @Inject
    @ConfigProperty(name = "herald.limits.connections-per-user", defaultValue = "100")
    int perUser;

    @Inject
    @ConfigProperty(name = "herald.limits.connections-per-tenant", defaultValue = "0")
    int perTenant;

    private final Map<String, Integer> users = new ConcurrentHashMap<>();
    private final Map<String, Integer> tenants = new ConcurrentHashMap<>();

    /** For tests of the pure logic. */
    static ConnectionQuota of(int perUser, int perTenant) {
        ConnectionQuota q = new ConnectionQuota();
        q.perUser = perUser;
        q.perTenant = perTenant;
        return q;
    }

    /**
     * @return the slot, to be {@link Slot#release() released} exactly when the connection is gone; null when the
     *         user's or the tenant's quota is full ({@link #refusal} says which)
     */
    Slot reserve(Caller caller) {
        String user = userKey(caller);
        if (!increment(users, user, perUser)) {
            return null;
        }
        if (!increment(tenants, caller.tenant(), perTenant)) {
            decrement(users, user);
            return null;
        }
        return new Slot(this, caller);
    }

    /** @return why {@link #reserve} refused the caller, for the 403's message */
    String refusal(Caller caller) {
        return perUser > 0 && users.getOrDefault(userKey(caller), 0) >= perUser
                ? "at most " + perUser + " connections per user (herald.limits.connections-per-user)"
                : "at most " + perTenant + " connections per tenant (herald.limits.connections-per-tenant)";
    }

    /** @return the connections counted for the caller's user, a moment's figure */
    int ofUser(Caller caller) {
        return users.getOrDefault(userKey(caller), 0);
    }

    private void release(Caller caller) {
        decrement(users, userKey(caller));
        decrement(tenants, caller.tenant());
    }

    private static boolean increment(Map<String, Integer> counts, String key, int limit) {
        boolean[] taken = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (limit > 0 && now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Tenant and user never contain a NUL (their syntax is checked), so the pair is one key. */
    private static String userKey(Caller caller) {
        return caller.tenant() + '\u0000' + caller.user();
    }

    /** One reserved connection; released at most once, from any thread. */
    public static final class Slot {
        private final ConnectionQuota quota;
        private final Caller caller;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(ConnectionQuota quota, Caller caller) {
            this.quota = quota;
            this.caller = caller;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                quota.release(caller);
            }
        }
    }
}
