package io.herald.auth;

import java.security.Principal;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A credential source the client cannot forge: the principal the container itself authenticated for the request
 * (the embedding application's own login, carried by its session), and the container's answer to "is this user in
 * that role". Only a boundary (the upgrade filter) makes one, from the servlet request; it is used while the request
 * is being authenticated and not kept.
 *
 * @param principal never null
 * @param inRole    the container's role check ({@code HttpServletRequest::isUserInRole}), never null
 */
public record ContainerLogin(Principal principal, Predicate<String> inRole) {

    public ContainerLogin {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(inRole, "inRole");
    }

    /** @return the login of a request with this principal, null when the container authenticated nobody */
    public static ContainerLogin of(Principal principal, Predicate<String> inRole) {
        return principal == null ? null : new ContainerLogin(principal, inRole);
    }

    /** Names the principal only (a record would print the predicate). */
    @Override
    public String toString() {
        return "ContainerLogin[" + principal.getName() + "]";
    }
}
