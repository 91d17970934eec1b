package io.herald.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one place where a credential becomes a {@link Caller}: used by the WebSocket handshake and by the HTTP API.
 * Thread-safe.
 */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "bearer ";

    @Inject
    TokenVerifier tokens;

    /**
     * @param credentials what the request presented, never null; the {@code Authorization} header wins over the
     *                    {@code access_token} parameter when both are present
     * @return the verified caller, never null
     * @throws AuthenticationException when no credential is present or it is refused
     */
    public Caller authenticate(Credentials credentials) throws AuthenticationException {
        String authorizationHeader = credentials.authorization();
        String accessToken = credentials.accessToken();
        if (authorizationHeader != null && !authorizationHeader.isBlank()) {
            if (!authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new AuthenticationException("Authorization header must use the Bearer scheme");
            }
            return tokens.verify(authorizationHeader.substring(BEARER.length()).trim());
        }
        if (accessToken != null && !accessToken.isBlank()) {
            return tokens.verify(accessToken.trim());
        }
        throw new AuthenticationException("missing credential: send Authorization: Bearer <jwt> or ?access_token=<jwt>");
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
