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
import io.herald.rooms.RoomAccess;
import io.herald.tenant.DisabledTenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every new session passes before it exists, whatever carries it (a WebSocket upgrade, an SSE stream, the
 * first long poll), answered with the contract's HTTP status and JSON error: 503 while draining, 429 past the
 * address's rate ({@code herald.limits.upgrades-per-second}), 403 for a browser origin not allowed, 401 for a missing
 * or refused credential, 403 for a disabled tenant, a private room of {@code ?rooms=} the caller may not join, or a
 * full connection quota. In embedded mode ({@link ContainerLogins}) a request with neither token nor API key is the
 * application's own login, when the container authenticated one and the page is of the application's own origin.
 * Thread-safe.
 */
@ApplicationScoped
public class Admission {

    @Inject
    Authenticator authenticator;

    @Inject
    Drain drain;

    @Inject
    Dispatcher dispatcher;

    @Inject
    AllowedOrigins origins;

    @Inject
    ContainerLogins logins;

    @Inject
    ConnectionQuota quota;

    @Inject
    DisabledTenants disabledTenants;

    @Inject
    SocketSettings settings;

    @Inject
    RoomAccess access;

    @Inject
    HeraldMetrics metrics;

    /**
     * @return the verified caller, its connect point (the tenant's head now) and its reserved quota slot, to be handed
     *         to {@link SessionLifecycle#open} (or released); null when refused, the answer written
     */
    public VerifiedCaller admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (drain.isDraining()) {
            response.setHeader("Retry-After", String.valueOf(Math.max(1, drain.retryAfter().toSeconds())));
            ApiError.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, ApiError.UNAVAILABLE, "server is draining");
            return null;
        }
        long wait = settings.upgrades().secondsToWait(request.getRemoteAddr());
        if (wait > 0) {
            metrics.upgradeRateLimited();
            response.setHeader("Retry-After", String.valueOf(wait));
            ApiError.write(response, 429, ApiError.RATE_LIMITED,
                    "too many upgrades from this address (herald.limits.upgrades-per-second); retry after " + wait + " s");
            return null;
        }
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin)) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, AllowedOrigins.refusal(origin));
            return null;
        }
        String query = request.getQueryString();
        Caller caller = authenticate(request, response);
        if (caller == null) {
            return null;
        }
        if (disabledTenants.isDisabled(caller.tenant())) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, DisabledTenants.refusal(caller.tenant()));
            return null;
        }
        Set<String> privateRooms = new HashSet<>();
        String refused = refusedRoom(caller, query, privateRooms);
        if (refused != null) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, RoomAccess.refusal(refused));
            return null;
        }
        ConnectionQuota.Slot slot = quota.reserve(caller);
        if (slot == null) {
            ApiError.write(response, HttpServletResponse.SC_FORBIDDEN, ApiError.FORBIDDEN, quota.refusal(caller));
            return null;
        }
        return new VerifiedCaller(caller, dispatcher.connectPoint(caller.tenant()), slot, privateRooms);
    }

    /**
     * The credential of the request as an upgrade carries it: {@code Authorization}, {@code ?access_token=}, the
     * token cookie, {@code X-API-Key}.
     *
     * @return the caller; null when refused, the 401 written
     */
    public Caller authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            return authenticator.authenticate(new Credentials(request.getHeader("Authorization"),
                    UpgradeFilter.VerifiedUpgrade.token(request.getQueryString()), request.getHeader("Cookie"),
                    request.getHeader(Credentials.API_KEY_HEADER), containerLogin(request)));
        } catch (AuthenticationException e) {
            response.setHeader("WWW-Authenticate", "Bearer");
            ApiError.write(response, HttpServletResponse.SC_UNAUTHORIZED, ApiError.UNAUTHORIZED, e.getMessage());
            return null;
        }
    }

    /**
     * In embedded mode ({@link ContainerLogins}) the application's own login stands in for a token, but only from a
     * page of the application's own origin ({@link AllowedOrigins#sameOrigin}): another site's page must not ride on
     * the user's session cookie.
     *
     * @return the container's login of this request, or null (off, another origin, or no login)
     */
    private ContainerLogin containerLogin(HttpServletRequest request) {
        return logins.enabled() && AllowedOrigins.sameOrigin(request.getHeader("Origin"), request.getHeader("Host"))
                ? ContainerLogin.of(request.getUserPrincipal(), request::isUserInRole) : null;
    }

    /** Gives back the quota slot of an admitted caller whose session did not come to be. */
    public static void abandon(VerifiedCaller verified) {
        if (verified.slot() != null) {
            verified.slot().release();
        }
    }

    /**
     * Checks the private rooms of {@code ?rooms=} (those the session would join: {@link SessionLifecycle#connectRooms}).
     *
     * @param allowed receives each private room the caller may join
     * @return the first private room the caller may not join, or null
     */
    private String refusedRoom(Caller caller, String query, Set<String> allowed) {
        List<String> asked = List.of(UpgradeFilter.VerifiedUpgrade.parameters(query).getOrDefault("rooms", new String[0]));
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
}
