package io.herald.socket;

import io.herald.auth.AuthenticationException;
import io.herald.auth.Authenticator;
import io.herald.auth.Caller;
import io.herald.auth.ContainerLogin;
import io.herald.auth.ContainerLogins;
import io.herald.auth.Credentials;
import io.herald.delivery.Dispatcher;
import io.herald.platform.ServerPlatform;
import io.herald.tenant.DisabledTenants;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands the verified caller of an upgrade to the new session. {@link UpgradeFilter} has already answered a bad
 * credential with HTTP 401 and put the {@link VerifiedCaller} in the request's principal; when a server runs the
 * upgrade before filters, this verifies the credential itself (and takes the connect point), and a caller of a
 * disabled tenant counts as none. A session without a caller is closed at once (1008).
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

    /**
     * Where {@link UpgradeFilter} ran, the session's principal is the caller and nothing is stored: the containers
     * copy the user properties into maps of their own per session, which would then keep a table each for as long as
     * the connection lives (Payara: two). Otherwise the caller verified here travels in the user properties.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        if (request.getUserPrincipal() instanceof VerifiedCaller) {
            return;
        }
        VerifiedCaller caller = verify(request);
        if (caller != null) {
            config.getUserProperties().put(CALLER, caller);
        } else {
            config.getUserProperties().remove(CALLER);
        }
    }

    /**
     * The container's own origin check, for a server that runs the upgrade before {@link UpgradeFilter}: the same
     * allow-list; a refused origin gets the container's 403.
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return CDI.current().select(AllowedOrigins.class).get().allows(originHeaderValue);
    }

    /** @return the verified caller of a new session, or null when it has none (it must then be closed) */
    static VerifiedCaller callerOf(Session session) {
        return session.getUserPrincipal() instanceof VerifiedCaller c ? c
                : (VerifiedCaller) session.getUserProperties().remove(CALLER);
    }

    private static VerifiedCaller verify(HandshakeRequest request) {
        try {
            boolean embedded = CDI.current().select(ContainerLogins.class).get().enabled()
                    && AllowedOrigins.sameOrigin(first(request.getHeaders(), "Origin"), first(request.getHeaders(), "Host"));
            Caller caller = CDI.current().select(Authenticator.class).get().authenticate(new Credentials(
                    first(request.getHeaders(), "Authorization"), first(request.getParameterMap(), ServerPlatform.TOKEN_PARAMETER),
                    first(request.getHeaders(), "Cookie"), first(request.getHeaders(), Credentials.API_KEY_HEADER),
                    embedded ? ContainerLogin.of(request.getUserPrincipal(), request::isUserInRole) : null));
            if (CDI.current().select(DisabledTenants.class).get().isDisabled(caller.tenant())) {
                return null;
            }
            return new VerifiedCaller(caller, CDI.current().select(Dispatcher.class).get().connectPoint(caller.tenant()), null, Set.of());
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
