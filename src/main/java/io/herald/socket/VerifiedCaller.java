package io.herald.socket;

import io.herald.auth.Caller;
import io.herald.log.EventId;

import java.security.Principal;
import java.util.Set;

/**
 * What an upgrade hands its new session: the verified caller, and where in its tenant's stream the connection starts
 * (the log's head when the credential was checked, before the 101 went out). Every event after that point reaches the
 * session, however soon after its socket opened it was published: a client counts as connected when its socket
 * opens, not when {@code welcome} arrives. Immutable.
 *
 * @param caller       never null
 * @param connectPoint never null
 * @param slot         the connection's place in its user's and tenant's quota, released when it closes; null where
 *                     the upgrade was not counted (a server that upgrades before {@link UpgradeFilter} runs)
 * @param privateRooms the private rooms of {@code ?rooms=} that {@link UpgradeFilter} found the caller may join, so
 *                     that the session joins them without asking the authorizers again; immutable, never null, empty
 *                     (a shared instance) when there are none or the filter did not run
 */
public record VerifiedCaller(Caller caller, EventId connectPoint, ConnectionQuota.Slot slot, Set<String> privateRooms)
        implements Principal {

    public VerifiedCaller {
        privateRooms = Set.copyOf(privateRooms);
    }

    @Override
    public String getName() {
        return caller.getName();
    }
}
