package io.herald.socket;

import io.herald.auth.Caller;
import io.herald.log.EventId;

import java.security.Principal;

/**
 * What an upgrade hands its new session: the verified caller, and where in its tenant's stream the connection starts
 * (the log's head when the credential was checked, before the 101 went out). Every event after that point reaches the
 * session, however soon after its socket opened it was published: a client counts as connected when its socket
 * opens, not when {@code welcome} arrives. Immutable.
 *
 * @param caller       never null
 * @param connectPoint never null
 */
record VerifiedCaller(Caller caller, EventId connectPoint) implements Principal {

    @Override
    public String getName() {
        return caller.getName();
    }
}
