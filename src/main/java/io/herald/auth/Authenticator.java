package io.herald.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place where a credential becomes a {@link Caller}: used by the WebSocket handshake and by the HTTP API.
 * A request proves who it is with a token or with an API key ({@code X-API-Key}, {@link ApiKeys}), never both: one
 * that carries an API key and a token (the {@code Authorization} header or {@code access_token}) is refused, since
 * two credentials may name two different callers and no rule of precedence would be safe to guess. Thread-safe.
 */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "bearer ";

    @Inject
    TokenVerifier tokens;

    @Inject
    ApiKeys apiKeys;

    /**
     * @param credentials what the request presented, never null; the {@code Authorization} header wins over the
     *                    {@code access_token} parameter when both are present; an API key with either is refused
     * @return the verified caller, never null
     * @throws AuthenticationException when no credential is present or it is refused
     */
    public Caller authenticate(Credentials credentials) throws AuthenticationException {
        String authorizationHeader = credentials.authorization();
        String accessToken = credentials.accessToken();
        String apiKey = credentials.apiKey();
        if (apiKey != null && !apiKey.isBlank()) {
            if ((authorizationHeader != null && !authorizationHeader.isBlank()) || (accessToken != null && !accessToken.isBlank())) {
                throw new AuthenticationException("send one credential: an X-API-Key or a token, not both");
            }
            return apiKeys.verify(apiKey.trim());
        }
        if (authorizationHeader != null && !authorizationHeader.isBlank()) {
            if (!authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new AuthenticationException("Authorization header must use the Bearer scheme");
            }
            return tokens.verify(authorizationHeader.substring(BEARER.length()).trim());
        }
        if (accessToken != null && !accessToken.isBlank()) {
            return tokens.verify(accessToken.trim());
        }
        throw new AuthenticationException("missing credential: send Authorization: Bearer <jwt>, ?access_token=<jwt> or X-API-Key");
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
        return tokens.verify(token.trim());
    }
}
