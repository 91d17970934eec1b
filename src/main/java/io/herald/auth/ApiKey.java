package io.herald.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as Herald knows it, without its secret and without its hash: what a listing shows. Immutable.
 *
 * @param id      the key's id, the part of {@code hk_<id>_<secret>} between the first two underscores; never null
 * @param tenant  the tenant of every caller with this key; never null
 * @param user    the user such a caller is, never null: the one configured, else {@code key:<id>}
 * @param roles   immutable, never null, may be empty (such a key may connect but not publish)
 * @param label   free text for operators, null when none
 * @param created when it was minted, null when not known (a key configured by hand without {@code created})
 * @param source  where it is kept, which says whether a revocation outlives a restart
 */
public record ApiKey(String id, String tenant, String user, Set<String> roles, String label, Instant created,
                     Source source) {

    /** The user of a key configured or minted without one. */
    public static final String DEFAULT_USER_PREFIX = "key:";

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(source, "source");
        roles = Set.copyOf(roles);
    }

    /** Where a key is kept. */
    public enum Source {
        /** {@code herald.api-keys}: read at start; a revocation lasts until the next start (remove it there). */
        CONFIG,
        /** The file {@code herald.api-keys.file} names: minted and revoked keys are written back to it. */
        FILE,
        /** Minted while no file is configured: lost at the next start. */
        MEMORY
    }
}
