package io.herald.socket;

import io.herald.auth.AuthenticationException;
import io.herald.auth.Authenticator;
import io.herald.auth.Caller;
import io.herald.delivery.Drain;
import io.herald.http.ApiError;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;

/**
 * Authenticates a WebSocket upgrade before it happens, so a missing or refused credential gets a real HTTP 401 with
 * a JSON body (a handshake cannot carry one). The verified {@link Caller} travels on as the request's principal.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class UpgradeFilter extends HttpFilter {

    @Inject
    Authenticator authenticator;

    @Inject
    Drain drain;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        if (drain.isDraining()) {
            response.setHeader("Retry-After", "2");
            ApiError.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ApiError.UNAVAILABLE, "server is draining");
            return;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(request.getHeader("Authorization"), request.getParameter("access_token"));
        } catch (AuthenticationException e) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ApiError.write(response, HttpServletResponse.SC_UNAUTHORIZED, ApiError.UNAUTHORIZED, e.getMessage());
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }
        }, response);
    }
}
