package io.herald.auth;

import io.herald.metrics.AuthFailure;
import io.herald.metrics.HeraldMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The one place where a credential becomes a {@link Caller}: used by the WebSocket handshake and by the HTTP API.
 * A request proves who it is with a token ({@link BearerTokens} finds it) or with an API key ({@code X-API-Key},
 * {@link ApiKeys}), never both: one that carries an API key and a token (the {@code Authorization} header, the token
 * cookie in cookie mode, or {@code access_token}) is refused, since two credentials may name two different callers
 * and no rule of precedence would be safe to guess. Thread-safe.
 */
@ApplicationScoped
public class Authenticator {

    @Inject
    TokenVerifier tokens;

    @Inject
    ApiKeys apiKeys;

    @Inject
    BearerTokens bearerTokens;

    @Inject
    ContainerLogins containerLogins;

    @Inject
    HeraldMetrics metrics;

    /**
     * @param credentials what the request presented, never null; the {@code Authorization} header wins over the
     *                    token cookie (cookie mode only, {@code mp.jwt.token.header=Cookie}), which wins over the
     *                    {@code access_token} parameter; an API key with any of them is refused; with neither,
     *                    the container's login of the request counts in embedded mode ({@link ContainerLogins})
     * @return the verified caller, never null
     * @throws AuthenticationException when no credential is present or it is refused
     */
    public Caller authenticate(Credentials credentials) throws AuthenticationException {
        Optional<String> token;
        try {
            token = bearerTokens.tokenIn(credentials);
        } catch (AuthenticationException e) {
            throw refused(AuthFailure.INVALID, e);
        }
        String apiKey = credentials.apiKey();
        if (apiKey != null && !apiKey.isBlank()) {
            if (token.isPresent()) {
                throw refused(AuthFailure.CONFLICT,
                        new AuthenticationException("send one credential: an X-API-Key or a token, not both"));
            }
            try {
                return apiKeys.verify(apiKey.trim());
            } catch (AuthenticationException e) {
                throw refused(AuthFailure.API_KEY, e);
            }
        }
        if (token.isPresent()) {
            return authenticateToken(token.get());
        }
        if (credentials.login() != null) {
            Optional<Caller> embedded;
            try {
                embedded = containerLogins.callerOf(credentials.login());
            } catch (AuthenticationException e) {
                throw refused(AuthFailure.INVALID, e);
            }
            if (embedded.isPresent()) {
                return embedded.get();
            }
        }
        throw refused(AuthFailure.MISSING, new AuthenticationException(bearerTokens.missing() + " or X-API-Key"));
    }

    /**
     * Verifies a bare JWT, as a client sends it in an {@code auth} frame to refresh its session's credential: the same
     * rules as a token on the upgrade, whichever way the upgrade's own credential came (header, query or cookie).
     *
     * @param token the compact JWT, never null
     * @return the verified caller, never null
     * @throws AuthenticationException when the token is refused
     */
    public Caller authenticateToken(String token) throws AuthenticationException {
        try {
            return tokens.verify(token.trim());
        } catch (AuthenticationException e) {
            throw refused(e.isExpiry() ? AuthFailure.EXPIRED : AuthFailure.INVALID, e);
        }
    }

    /** The one place a refusal is counted ({@code herald_auth_failures_total}). */
    private AuthenticationException refused(AuthFailure reason, AuthenticationException e) {
        metrics.authFailed(reason);
        return e;
    }
}
