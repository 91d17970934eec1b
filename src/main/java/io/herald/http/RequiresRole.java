package io.herald.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles of which a caller of this resource method needs one; enforced by {@link ApiAuthentication}.
 * Why not {@code @RolesAllowed}: Payara turns it into a container security constraint answering 401 with an HTML
 * body and a Basic challenge, and WildFly ignores it unless RESTEasy's role-based security is on; this one means
 * the same on every server.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {
    String[] value();
}
