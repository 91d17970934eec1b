package io.herald.auth;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling, as established by a verified credential. The tenant and user come from the credential
 * only, never from anything a client sends.
 *
 * @param tenant    never null or blank
 * @param user      the {@code sub} claim; never null or blank
 * @param roles     the {@code groups} claim, immutable, never null
 * @param expiresAt when the credential stops being valid ({@link Instant#MAX} for one that does not expire); never null
 * @param keyId     the id of the API key that authenticated this caller, so revoking the key finds its sessions;
 *                  null for a token
 * @param roomGrants the room patterns the credential grants beyond the open rooms (a token's {@code rooms} claim, e.g.
 *                  {@code private-team-7} or {@code private-team-*}), immutable, never null; empty when none
 */
public record Caller(String tenant, String user, Set<String> roles, Instant expiresAt, String keyId,
                     List<String> roomGrants) implements Principal {

    public static final String PUBLISHER = "herald-publisher";
    public static final String ADMIN = "herald-admin";

    /**
     * What a tenant, user or role name may be, from a token or an API key: they become map keys and appear in frames
     * and logs, so printable and short.
     */
    static final Pattern NAME = Pattern.compile("[\\p{Alnum}._:@|+\\-]{1,128}");

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Set.copyOf(roles);
        roomGrants = List.copyOf(roomGrants);
    }

    /** A caller authenticated by a token (no API key) that grants no room. */
    public Caller(String tenant, String user, Set<String> roles, Instant expiresAt) {
        this(tenant, user, roles, expiresAt, null, List.of());
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String getName() {
        return user;
    }
}
