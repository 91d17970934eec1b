package io.herald.socket;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Authenticates a WebSocket upgrade before it happens ({@link Admission}), so a missing or refused credential gets a
 * real HTTP 401 with a JSON body (a handshake cannot carry one). The verified {@link io.herald.auth.Caller} travels on as the request's principal, with
 * the connection's start in its tenant's stream ({@link VerifiedCaller}). A browser's upgrade from an origin that
 * {@link AllowedOrigins} does not allow gets 403 before any credential is looked at, and an address past its upgrade
 * rate ({@code herald.limits.upgrades-per-second}, {@code herald.limits.upgrade-burst}) 429 with {@code Retry-After};
 * a caller whose tenant is disabled ({@link DisabledTenants}), who asks for a private room in {@code ?rooms=} that it
 * may not join ({@link RoomAccess}), or whose user or tenant has its quota of connections ({@link ConnectionQuota})
 * gets 403. Where the server
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
    Admission admission;

    @Inject
    SocketSettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        String query = request.getQueryString();
        VerifiedCaller verified = admission.admit(request, response);
        if (verified == null) {
            return;
        }
        String queryWithoutToken = VerifiedUpgrade.withoutToken(query);
        if (queryWithoutToken != query) { // the token was in the query string
            ServerPlatform.current().forgetUpgradeToken(request, queryWithoutToken);
        }
        HttpServletRequest upgrade = new VerifiedUpgrade(request, verified, queryWithoutToken);
        try {
            chain.doFilter(ServerPlatform.current().limitFrames(upgrade, settings.maxFrameBytes()), response);
        } finally {
            if (response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
                Admission.abandon(verified); // no connection came of it
            }
        }
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
