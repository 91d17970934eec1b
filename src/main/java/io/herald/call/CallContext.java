package io.herald.call;

import java.util.Set;

/**
 * Who is calling: taken from the connection's verified credential, never from the frame. A value; passed to a
 * {@link HeraldCall} method that declares a parameter of this type.
 *
 * @param tenant  the caller's tenant, never null
 * @param user    the caller's user, never null
 * @param roles   the credential's roles, an immutable set, never null
 * @param session the id of the WebSocket session the call came on, never null
 */
public record CallContext(String tenant, String user, Set<String> roles, String session) {

    public CallContext {
        roles = Set.copyOf(roles);
    }
}
