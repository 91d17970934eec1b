package io.herald.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Finds the JWT among a request's {@link Credentials}, as MicroProfile JWT's {@code mp.jwt.token.header} and
 * {@code mp.jwt.token.cookie} say: the {@code Authorization: Bearer} header always (in cookie mode too, as smallrye's
 * {@code always-check-authorization} does: a native client keeps working when browsers use the cookie), then, with
 * {@code mp.jwt.token.header=Cookie}, the cookie named {@code mp.jwt.token.cookie} ({@code Bearer} by default), then
 * the WebSocket URL's {@code access_token}. Immutable after start-up; thread-safe.
 */
@ApplicationScoped
public class BearerTokens {

    private static final System.Logger LOG = System.getLogger(BearerTokens.class.getName());
    private static final String BEARER = "bearer ";

    @Inject
    @ConfigProperty(name = "mp.jwt.token.header", defaultValue = "Authorization")
    String header;

    @Inject
    @ConfigProperty(name = "mp.jwt.token.cookie", defaultValue = "Bearer")
    String cookieName;

    /** The cookie to read, null when the cookie is not a credential (the default, header mode). */
    private String cookie;

    @PostConstruct
    void configure() {
        cookie = header.equalsIgnoreCase("Cookie") ? cookieName : null;
        if (!header.equalsIgnoreCase("Authorization") && !header.equalsIgnoreCase("Cookie")) {
            LOG.log(System.Logger.Level.ERROR, "mp.jwt.token.header=" + header + " is neither Authorization nor"
                    + " Cookie: tokens are read from the Authorization header only");
        }
        if (cookie != null) {
            LOG.log(System.Logger.Level.INFO, "JWT: also read from the cookie " + cookie + " (mp.jwt.token.header=Cookie)");
        }
    }

    /** For tests of the pure logic. */
    static BearerTokens of(String header, String cookieName) {
        BearerTokens t = new BearerTokens();
        t.header = header;
        t.cookieName = cookieName;
        t.configure();
        return t;
    }

    /**
     * @return the token the credentials carry, empty when they carry none
     * @throws AuthenticationException when the {@code Authorization} header is present but not a Bearer one
     */
    public Optional<String> tokenIn(Credentials credentials) throws AuthenticationException {
        String authorization = credentials.authorization();
        if (authorization != null && !authorization.isBlank()) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new AuthenticationException("Authorization header must use the Bearer scheme");
            }
            return Optional.of(authorization.substring(BEARER.length()).trim());
        }
        if (cookie != null && credentials.cookie() != null) {
            Optional<String> fromCookie = cookieValue(credentials.cookie(), cookie);
            if (fromCookie.isPresent()) {
                return fromCookie;
            }
        }
        String accessToken = credentials.accessToken();
        return accessToken == null || accessToken.isBlank() ? Optional.empty() : Optional.of(accessToken.trim());
    }

    /** @return what to tell a caller that sent no token */
    public String missing() {
        return "missing credential: send Authorization: Bearer <jwt>"
                + (cookie == null ? " or ?access_token=<jwt>" : ", the " + cookie + " cookie or ?access_token=<jwt>");
    }

    /** The value of the first cookie named {@code name} in a {@code Cookie} header (RFC 6265: {@code a=b; c=d}). */
    static Optional<String> cookieValue(String cookieHeader, String name) {
        for (String pair : cookieHeader.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
