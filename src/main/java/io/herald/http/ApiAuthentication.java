package io.herald.http;

import io.herald.auth.AuthenticationException;
import io.herald.auth.Authenticator;
import io.herald.auth.Caller;
import io.herald.auth.Credentials;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Arrays;

/**
 * Authenticates every API request with the same {@link Authenticator} as the WebSocket handshake and enforces
 * {@link RequiresRole}, so the rules hold on every server whatever its JAX-RS security settings.
 * No credential or a refused one: 401; a credential without an allowed role: 403. {@code @PermitAll} skips both.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthentication implements ContainerRequestFilter {

    @Inject
    Authenticator authenticator;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null || method.isAnnotationPresent(PermitAll.class)
                || method.getDeclaringClass().isAnnotationPresent(PermitAll.class)) {
            return;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(Credentials.ofHeaders(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                    request.getHeaderString(HttpHeaders.COOKIE), request.getHeaderString(Credentials.API_KEY_HEADER)));
        } catch (AuthenticationException e) {
            request.abortWith(new ApiError(ApiError.UNAUTHORIZED, e.getMessage()).toResponse(401));
            return;
        }
        RequiresRole allowed = method.isAnnotationPresent(RequiresRole.class) ? method.getAnnotation(RequiresRole.class)
                : method.getDeclaringClass().getAnnotation(RequiresRole.class);
        if (allowed != null && Arrays.stream(allowed.value()).noneMatch(caller::hasRole)) {
            request.abortWith(new ApiError(ApiError.FORBIDDEN,
                    "requires one of the roles " + String.join(", ", allowed.value())).toResponse(403));
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return caller.hasRole(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }
}
