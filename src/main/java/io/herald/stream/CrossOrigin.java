package io.herald.stream;

import io.herald.http.ApiError;
import io.herald.socket.AllowedOrigins;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * CORS for the HTTP transports ({@code GET /sse}, {@code GET /api/v1/poll}, {@code POST
 * /api/v1/sessions/{session}/actions}), so that herald.js on a page of another origin can fall back to them as it can
 * open a socket: a browser reads a cross-origin answer only when it names the page's origin. The origins are the
 * socket's ({@code herald.allowed-origins}, {@link AllowedOrigins}): an allowed origin is named in
 * {@code Access-Control-Allow-Origin} (with {@code Vary: Origin}), and a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) from it is answered 204 with the methods and headers the transports read; a
 * preflight from another origin gets 403 with the contract's JSON error (the request itself is refused 403 by
 * {@code socket.Admission} when it opens a session). No credentials are allowed: the transports take the token from
 * the query or the {@code Authorization} header, never from a cross-site cookie (embedded mode's login counts only
 * for the application's own origin). A request without {@code Origin} (curl, a server) passes untouched. Thread-safe.
 */
@WebFilter(urlPatterns = {"/sse", "/api/v1/poll", "/api/v1/sessions/*"}, asyncSupported = true)
public class CrossOrigin extends HttpFilter {

    static final String METHODS = "GET, POST";
    static final String HEADERS = "Authorization, Content-Type, Last-Event-ID, X-API-Key";
    /** How long a browser may reuse a preflight's answer, in seconds. */
    static final String MAX_AGE = "600";

    @Inject
    AllowedOrigins origins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || !isTransport(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean allowed = origins.allows(origin);
        boolean preflight = "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
        response.addHeader("Vary", "Origin");
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", "Retry-After");
        }
        if (!preflight) {
            chain.doFilter(request, response);
        } else if (allowed) {
            response.setHeader("Access-Control-Allow-Methods", METHODS);
            response.setHeader("Access-Control-Allow-Headers", HEADERS);
            response.setHeader("Access-Control-Max-Age", MAX_AGE);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, AllowedOrigins.refusal(origin));
        }
    }

    /** {@code /api/v1/sessions/*} holds the admin API too: only a session's actions are a transport's. */
    private static boolean isTransport(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/v1/sessions") || path.endsWith("/actions"); // the pattern matches /api/v1/sessions too
    }
}
