package io.herald.auth;

import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLoginsTest {

    private static ContainerLogin login(String name, String... roles) {
        Principal p = () -> name;
        return new ContainerLogin(p, Set.of(roles)::contains);
    }

    @Test
    void withoutAResolverTheContainersLoginIsNoCaller() throws Exception {
        ContainerLogins off = ContainerLogins.of(null);
        assertFalse(off.enabled());
        assertEquals(Optional.empty(), off.callerOf(login("alice")));
    }

    @Test
    void theUserIsThePrincipalTheTenantTheResolversAndTheRolesTheHeraldRolesTheContainerConfirms() throws Exception {
        Caller caller = ContainerLogins.of(p -> "acme").callerOf(login("alice", Caller.PUBLISHER, "app-user")).orElseThrow();
        assertEquals("acme", caller.tenant());
        assertEquals("alice", caller.user());
        assertEquals(Set.of(Caller.PUBLISHER), caller.roles(), "only Herald's roles are asked of the container");
        assertEquals(Instant.MAX, caller.expiresAt());
        assertEquals(null, caller.keyId());
        assertTrue(caller.roomGrants().isEmpty());
    }

    @Test
    void aPrincipalWithoutATenantNeedsATokenAndInvalidNamesAreRefused() throws Exception {
        assertEquals(Optional.empty(), ContainerLogins.of(p -> null).callerOf(login("alice")));
        assertThrows(AuthenticationException.class, () -> ContainerLogins.of(p -> "a tenant").callerOf(login("alice")));
        assertThrows(AuthenticationException.class, () -> ContainerLogins.of(p -> "acme").callerOf(login("alice smith")));
        assertThrows(AuthenticationException.class, () -> ContainerLogins.of(p -> "acme").callerOf(login("x".repeat(129))));
    }
}
