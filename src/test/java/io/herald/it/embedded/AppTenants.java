package io.herald.it.embedded;

import io.herald.auth.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.Principal;
import java.util.Map;

/** The test application's tenant of each user: the bean whose presence turns Herald's embedded mode on. */
@ApplicationScoped
public class AppTenants implements TenantResolver {

    public static final Map<String, String> TENANTS = Map.of("alice", "acme", "bob", "beta");

    @Override
    public String tenantOf(Principal principal) {
        return TENANTS.get(principal.getName());
    }
}
