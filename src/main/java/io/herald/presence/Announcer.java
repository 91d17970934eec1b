package io.herald.presence;

import io.herald.delivery.Dispatcher;
import io.herald.protocol.ControlFrames;
import io.herald.tenant.Connection;
import io.herald.tenant.LifecycleEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;

/**
 * Tells clients and the application of presence's real changes: a {@code presence} frame to each connection in the
 * room but the user's own (one frame per member connection: the cost of a join or a leave), a {@code user:status}
 * frame to each connection of the tenant whose subscription takes that type (opt-in: a session with no subscription
 * does not get it), and the matching asynchronous CDI event, the latter only on the node that decided the change (so
 * the application, and its webhooks, hear of a change once in the cluster). Never blocks (frames are offered to
 * outboxes, sends start elsewhere; CDI events are queued). Stateless, thread-safe.
 */
@ApplicationScoped
public class Announcer implements Presence.Changes {

    private static final System.Logger LOG = System.getLogger(Announcer.class.getName());

    static final String JOIN = "join";
    static final String LEAVE = "leave";

    @Inject
    Dispatcher dispatcher;

    @Inject
    LifecycleEvents lifecycle;

    @Override
    public void joined(String tenant, String scope, String user, JsonObject meta, boolean decidedHere) {
        JsonObject m = meta == null ? JsonValue.EMPTY_JSON_OBJECT : meta;
        if (scope == null) {
            dispatcher.broadcast(tenant, null, Announcer::wantsStatus, new ControlFrames.UserStatus(user, "online"));
            if (decidedHere) {
                lifecycle.fire(new UserOnline(tenant, user, Instant.now()));
            }
            LOG.log(System.Logger.Level.DEBUG, "user {0} of tenant {1} online", user, tenant);
        } else {
            dispatcher.broadcast(tenant, scope, c -> !c.user().equals(user), new ControlFrames.Presence(scope, user, JOIN, m));
            if (decidedHere) {
                lifecycle.fire(new MemberJoined(tenant, scope, user, m, Instant.now()));
            }
            LOG.log(System.Logger.Level.DEBUG, "user {0} of tenant {1} joined room {2}", user, tenant, scope); // not its meta
        }
    }

    @Override
    public void left(String tenant, String scope, String user, boolean decidedHere) {
        if (scope == null) {
            dispatcher.broadcast(tenant, null, Announcer::wantsStatus, new ControlFrames.UserStatus(user, "offline"));
            if (decidedHere) {
                lifecycle.fire(new UserOffline(tenant, user, Instant.now()));
            }
            LOG.log(System.Logger.Level.DEBUG, "user {0} of tenant {1} offline", user, tenant);
        } else {
            dispatcher.broadcast(tenant, scope, c -> !c.user().equals(user), new ControlFrames.Presence(scope, user, LEAVE, null));
            if (decidedHere) {
                lifecycle.fire(new MemberLeft(tenant, scope, user, Instant.now()));
            }
            LOG.log(System.Logger.Level.DEBUG, "user {0} of tenant {1} left room {2}", user, tenant, scope);
        }
    }

    /** Opt-in: a session that subscribed to something that takes {@code user:status} (with none it gets events of every type, not this). */
    private static boolean wantsStatus(Connection c) {
        return c.filter().size() > 0 && c.filter().matches(ControlFrames.UserStatus.TYPE);
    }
}
