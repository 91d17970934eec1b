package io.herald.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Embedded mode: Herald inside the application's own WAR accepts the application's own login (the container's
 * principal, {@link ContainerLogin}) as a caller. The user is the principal's name, the tenant is what the
 * application's {@link TenantResolver} bean says (or {@code herald.embedded.tenant} for all, when there is no such
 * bean), the roles are those of {@link #HERALD_ROLES} the container says the user is in; no room grants (private
 * rooms go through the application's {@code RoomAuthorizer}s), no expiry (the connection outlives its HTTP
 * session's logout: close it with {@code DELETE /api/v1/sessions?user=}). Off, and then nothing changes, unless
 * such a bean exists or the key is set: Herald's own WAR has neither. Immutable after start-up; thread-safe.
 */
@ApplicationScoped
public class ContainerLogins {

    private static final System.Logger LOG = System.getLogger(ContainerLogins.class.getName());

    /** The roles asked of the container for an embedded caller: the ones Herald itself checks. */
    static final Set<String> HERALD_ROLES = Set.of(Caller.PUBLISHER, Caller.ADMIN);

    @Inject
    Instance<TenantResolver> resolvers;

    @Inject
    @ConfigProperty(name = "herald.embedded.tenant")
    Optional<String> fixedTenant;

    /** Null: embedded mode is off. */
    private TenantResolver resolver;

    @PostConstruct
    void configure() {
        if (resolvers.isAmbiguous()) {
            LOG.log(System.Logger.Level.ERROR, "more than one TenantResolver bean: embedded mode is off until there is one");
        } else if (resolvers.isResolvable()) {
            resolver = resolvers.get();
        } else if (fixedTenant.isPresent() && !fixedTenant.get().isBlank()) {
            String tenant = fixedTenant.get().trim();
            resolver = principal -> tenant;
        }
        if (resolver != null) {
            LOG.log(System.Logger.Level.INFO, "embedded mode: an upgrade with the application's own login needs no token"
                    + " (tenant from " + (resolvers.isResolvable() ? "the TenantResolver bean" : "herald.embedded.tenant") + ")");
        }
    }

    /** For tests of the pure logic. */
    static ContainerLogins of(TenantResolver resolver) {
        ContainerLogins c = new ContainerLogins();
        c.resolver = resolver;
        return c;
    }

    /** @return whether an upgrade's container login may be a caller at all */
    public boolean enabled() {
        return resolver != null;
    }

    /**
     * @param login the container's login of the request, never null
     * @return the caller, empty when embedded mode is off or the resolver names no tenant for the principal
     * @throws AuthenticationException when the principal's name or its tenant is not a valid Herald name
     */
    Optional<Caller> callerOf(ContainerLogin login) throws AuthenticationException {
        if (resolver == null) {
            return Optional.empty();
        }
        String user = login.principal().getName();
        if (user == null || !Caller.NAME.matcher(user).matches()) {
            throw new AuthenticationException("the application's login names no valid Herald user"
                    + " (1-128 letters, digits or . _ : @ | + -)");
        }
        String tenant = resolver.tenantOf(login.principal());
        if (tenant == null) {
            return Optional.empty();
        }
        if (!Caller.NAME.matcher(tenant).matches()) {
            throw new AuthenticationException("the TenantResolver gave no valid tenant name for the application's login");
        }
        Set<String> roles = HERALD_ROLES.stream().filter(login.inRole()).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Caller(tenant, user, roles, Instant.MAX));
    }
}
