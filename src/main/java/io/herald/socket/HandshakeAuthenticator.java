package io.herald.socket;

import io.herald.auth.AuthenticationException;
import io.herald.auth.Authenticator;
import io.herald.auth.Caller;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;

/**
 * Hands the verified caller of an upgrade to the new session. {@link UpgradeFilter} has already answered a bad
 * credential with HTTP 401 and put the {@link Caller} in the request's principal; when a server runs the upgrade
 * before filters, this verifies the credential itself. A session without a caller is closed at once (1008).
 */
public class HandshakeAuthenticator extends ServerEndpointConfig.Configurator {

    static final String CALLER = "herald.caller";

    /** The application-scoped lifecycle bean (a client proxy), looked up once per configurator. */
    private volatile SessionLifecycle lifecycle;

    /**
     * Makes the endpoint without per-connection CDI injection: it needs one application-scoped bean, which it is
     * handed (the containers would otherwise keep an injection context per connection).
     */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass != HeraldEndpoint.class) {
            return super.getEndpointInstance(endpointClass);
        }
        SessionLifecycle l = lifecycle;
        if (l == null) {
            lifecycle = l = CDI.current().select(SessionLifecycle.class).get();
        }
        return endpointClass.cast(new HeraldEndpoint(l));
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Caller caller = request.getUserPrincipal() instanceof Caller c ? c : verify(request);
        if (caller != null) {
            config.getUserProperties().put(CALLER, caller);
        } else {
            config.getUserProperties().remove(CALLER);
        }
    }

    private static Caller verify(HandshakeRequest request) {
        try {
            return CDI.current().select(Authenticator.class).get()
                    .authenticate(first(request.getHeaders(), "Authorization"), first(request.getParameterMap(), "access_token"));
        } catch (AuthenticationException e) {
            return null;
        }
    }

    private static String first(Map<String, List<String>> values, String name) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
