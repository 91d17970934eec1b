package io.herald.socket;

import io.herald.auth.AuthenticationException;
import io.herald.auth.Authenticator;
import io.herald.auth.Caller;
import io.herald.auth.ContainerLogin;
import io.herald.auth.ContainerLogins;
import io.herald.auth.Credentials;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Drain;
import io.herald.http.ApiError;
import io.herald.metrics.HeraldMetrics;
import io.herald.platform.ServerPlatform;
import io.herald.tenant.DisabledTenants;
import io.herald.rooms.RoomAccess;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Authenticates a WebSocket upgrade before it happens, so a missing or refused credential gets a real HTTP 401 with
 * a JSON body (a handshake cannot carry one). The verified {@link Caller} travels on as the request's principal, with
 * the connection's start in its tenant's stream ({@link VerifiedCaller}). A browser's upgrade from an origin that
 * {@link AllowedOrigins} does not allow gets 403 before any credential is looked at, and an address past its upgrade
 * rate ({@code herald.limits.upgrades-per-second}, {@code herald.limits.upgrade-burst}) 429 with {@code Retry-After};
 * a caller whose tenant is disabled ({@link DisabledTenants}), who asks for a private room in {@code ?rooms=} that it
 * may not join ({@link RoomAccess}), or whose user or tenant has its quota of connections ({@link ConnectionQuota})
 * gets 403. In embedded mode ({@link ContainerLogins}) an upgrade with neither token nor API key is the
 * application's own login, when the container authenticated one and the page is of the application's own origin
 * ({@link AllowedOrigins#sameOrigin}). Where the server
 * would not refuse a client frame over {@code herald.limits.frame-bytes} itself, {@link ServerPlatform#limitFrames}
 * makes it (1009).
 * <p>
 * Memory: the containers keep what they read from the upgrade request (query string, parameters, request URI, the
 * WebSocket URL) for the life of the session, so the request they are handed no longer shows the {@code access_token}
 * parameter, and {@link ServerPlatform#forgetUpgradeToken} clears the copies the server made (Undertow's exchange and
 * parser buffer, Grizzly's cached query string). Copies of the ~600-character token (a credential) were most of what an idle Herald
 * connection cost beyond a raw endpoint: WildFly 7 per connection, Payara 4; none is left.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class UpgradeFilter extends HttpFilter {

    @Inject
    Authenticator authenticator;

    @Inject
    Drain drain;

    @Inject
    Dispatcher dispatcher;

    @Inject
    AllowedOrigins origins;

    @Inject
    ConnectionQuota quota;

    @Inject
    DisabledTenants disabledTenants;

    @Inject
    SocketSettings settings;

    @Inject
    RoomAccess access;

    @Inject
    ContainerLogins logins;

    @Inject
    HeraldMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        if (drain.isDraining()) {
            response.setHeader("Retry-After", String.valueOf(Math.max(1, drain.retryAfter().toSeconds())));
            ApiError.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ApiError.UNAVAILABLE, "server is draining");
            return;
        }
        long wait = settings.upgrades().secondsToWait(request.getRemoteAddr());
        if (wait > 0) {
            metrics.upgradeRateLimited();
            response.setHeader("Retry-After", String.valueOf(wait));
            ApiError.write(response, 429, ApiError.RATE_LIMITED,
                    "too many upgrades from this address (herald.limits.upgrades-per-second); retry after " + wait + " s");
            return;
        }
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin)) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN,
                    "origin " + (origin.length() > 200 ? origin.substring(0, 200) + "…" : origin) + " is not allowed (herald.allowed-origins)");
            return;
        }
        String query = request.getQueryString();
        Caller caller;
        try {
            caller = authenticator.authenticate(new Credentials(request.getHeader("Authorization"),
                    VerifiedUpgrade.token(query), request.getHeader("Cookie"), request.getHeader(Credentials.API_KEY_HEADER),
                    logins.enabled() && AllowedOrigins.sameOrigin(origin, request.getHeader("Host"))
                            ? ContainerLogin.of(request.getUserPrincipal(), request::isUserInRole) : null));
        } catch (AuthenticationException e) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ApiError.write(response, HttpServletResponse.SC_UNAUTHORIZED, ApiError.UNAUTHORIZED, e.getMessage());
            return;
        }
        String queryWithoutToken = VerifiedUpgrade.withoutToken(query);
        if (queryWithoutToken != query) { // the token was in the query string
            ServerPlatform.current().forgetUpgradeToken(request, queryWithoutToken);
        }
        if (disabledTenants.isDisabled(caller.tenant())) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, DisabledTenants.refusal(caller.tenant()));
            return;
        }
        Set<String> privateRooms = new HashSet<>();
        String refused = refusedRoom(caller, queryWithoutToken, privateRooms);
        if (refused != null) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, RoomAccess.refusal(refused));
            return;
        }
        ConnectionQuota.Slot slot = quota.reserve(caller);
        if (slot == null) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, quota.refusal(caller));
            return;
        }
        VerifiedCaller verified = new VerifiedCaller(caller, dispatcher.connectPoint(caller.tenant()), slot, privateRooms);
        HttpServletRequest upgrade = new VerifiedUpgrade(request, verified, queryWithoutToken);
        try {
            chain.doFilter(ServerPlatform.current().limitFrames(upgrade, settings.maxFrameBytes()), response);
        } finally {
            if (response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                slot.release(); // no connection came of it
            }
        }
    }

    /**
     * Checks the private rooms of {@code ?rooms=} (those the session would join: {@link SessionLifecycle#connectRooms}).
     *
     * @param allowed receives each private room the caller may join
     * @return the first private room the caller may not join, or null
     */
    private String refusedRoom(Caller caller, String query, Set<String> allowed) {
        List<String> asked = List.of(VerifiedUpgrade.parameters(query).getOrDefault("rooms", new String[0]));
        for (String room : SessionLifecycle.connectRooms(asked, settings.maxRooms(), null)) {
            if (access.isPrivate(room)) {
                if (!access.mayJoin(caller, room)) {
                    return room;
                }
                allowed.add(room);
            }
        }
        return null;
    }

    /**
     * The upgrade request as the container sees it after authentication: the caller as principal, and no token
     * parameter. Its parameters are parsed here from the query string, never by the container's request: Grizzly
     * (Payara) keeps what its parameter parser decoded, two more copies of the token, for the session's life.
     */
    static final class VerifiedUpgrade extends HttpServletRequestWrapper {

        static final String TOKEN = ServerPlatform.TOKEN_PARAMETER;

        private final VerifiedCaller caller;
        private final String query;

        VerifiedUpgrade(HttpServletRequest request, VerifiedCaller caller, String queryWithoutToken) {
            super(request);
            this.caller = caller;
            this.query = queryWithoutToken;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public String getQueryString() {
            return query;
        }

        @Override
        public String getParameter(String name) {
            String[] values = getParameterMap().get(name);
            return values == null ? null : values[0];
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = getParameterMap().get(name);
            return values == null ? null : values.clone();
        }

        /**
         * Parsed on every call, not kept: the containers keep this request for the session's life, and the query
         * left without the token is short.
         */
        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters(query);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        /**
         * @return the first {@code access_token} value of a query string, decoded, as {@link #parameters} would give
         *         it (a pair that is not valid percent-encoding is left out); null if none. Only those pairs are decoded
         */
        static String token(String query) {
            if (query == null || !query.contains(TOKEN)) {
                return null;
            }
            for (String part : query.split("&")) {
                if (!part.isEmpty() && TOKEN.equals(decode(nameOf(part)))) {
                    int eq = part.indexOf('=');
                    String value = decode(eq < 0 ? "" : part.substring(eq + 1));
                    if (value != null) {
                        return value;
                    }
                }
            }
            return null;
        }

        /** @return the query string without {@code access_token} parameters, null when nothing else is left */
        static String withoutToken(String query) {
            if (query == null || !query.contains(TOKEN)) {
                return query;
            }
            StringJoiner kept = new StringJoiner("&");
            for (String part : query.split("&")) {
                if (!part.isEmpty() && !TOKEN.equals(decode(nameOf(part)))) {
                    kept.add(part);
                }
            }
            return kept.length() == 0 ? null : kept.toString();
        }

        /**
         * @return the parameters of a query string as a servlet container decodes them (UTF-8, '+' is a space), in
         *         order, immutable; a pair that is not valid percent-encoding is left out
         */
        static Map<String, String[]> parameters(String query) {
            if (query == null || query.isEmpty()) {
                return Map.of();
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (String part : query.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                String value = decode(eq < 0 ? "" : part.substring(eq + 1));
                if (name != null && value != null && !name.isEmpty()) {
                    values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
                }
            }
            Map<String, String[]> params = new LinkedHashMap<>();
            values.forEach((name, list) -> params.put(name, list.toArray(String[]::new)));
            return Collections.unmodifiableMap(params);
        }

        private static String nameOf(String pair) {
            int eq = pair.indexOf('=');
            return eq < 0 ? pair : pair.substring(0, eq);
        }

        /** @return the decoded text, the same instance when there is nothing to decode; null if it is not valid */
        private static String decode(String text) {
            if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
                return text; // URLDecoder would copy it through a new buffer first (a token is ~600 characters)
            }
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
