package io.herald.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The one place where a credential becomes a {@link Caller}: used by the WebSocket handshake and by the HTTP API.
 * Thread-safe.
 */
@ApplicationScoped
public class Authenticator {

    @Inject
    TokenVerifier tokens;

    @Inject
    BearerTokens bearerTokens;

    /**
     * @param credentials what the request presented, never null; the {@code Authorization} header wins over the
     *                    token cookie (cookie mode only, {@code mp.jwt.token.header=Cookie}), which wins over the
     *                    {@code access_token} parameter
     * @return the verified caller, never null
     * @throws AuthenticationException when no credential is present or it is refused
     */
    public Caller authenticate(Credentials credentials) throws AuthenticationException {
        Optional<String> token = bearerTokens.tokenIn(credentials);
        if (token.isPresent()) {
            return tokens.verify(token.get());
        }
        throw new AuthenticationException(bearerTokens.missing());
    }
}
