package io.herald.auth;

import java.security.Principal;

/**
 * Implemented by an application that embeds Herald in its own WAR (one {@code @ApplicationScoped} bean): says which
 * tenant a user the application itself logged in (Jakarta Security, the container's principal) belongs to. Its
 * presence turns embedded mode on ({@link ContainerLogins}): an upgrade that carries the application's authenticated
 * session then needs no token. The tenant comes from here, never from anything the client sends. Called on the
 * upgrade's thread, possibly by many at once: the implementation must be thread-safe and should not block long.
 */
public interface TenantResolver {

    /**
     * @param principal the container's authenticated principal of the request, never null
     * @return the principal's tenant (1–128 characters of letters, digits and {@code . _ : @ | + -}), or null when it
     *         has none: the request then needs a token or an API key like any other
     */
    String tenantOf(Principal principal);
}
