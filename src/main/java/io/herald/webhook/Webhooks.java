package io.herald.webhook;

import io.herald.presence.MemberJoined;
import io.herald.presence.MemberLeft;
import io.herald.presence.UserOffline;
import io.herald.presence.UserOnline;
import io.herald.protocol.Json;
import io.herald.tenant.SessionClosed;
import io.herald.tenant.SessionOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns each lifecycle change into one signed webhook per receiver that wants it (the global URL, the tenant's own)
 * and hands them to the {@link Deliveries} queue. It observes the asynchronous lifecycle events, so it runs on Herald's
 * lifecycle thread, never on a connection's or a delivery lane's, and does only what cannot wait: look up the
 * receivers, write the body once, queue it (no I/O, no signing, no lock held by anyone else). Stateless, thread-safe.
 */
@ApplicationScoped
public class Webhooks {

    @Inject
    WebhookSettings settings;

    @Inject
    Deliveries deliveries;

    void opened(@ObservesAsync SessionOpened e) {
        send(Hook.SESSION_OPENED, e.tenant(), e.user(), null, e.session(), null, null, e.at());
    }

    void closed(@ObservesAsync SessionClosed e) {
        send(Hook.SESSION_CLOSED, e.tenant(), e.user(), null, e.session(), e.code(), e.reason(), e.at());
    }

    void joined(@ObservesAsync MemberJoined e) {
        send(Hook.MEMBER_JOINED, e.tenant(), e.user(), e.room(), null, null, null, e.at());
    }

    void left(@ObservesAsync MemberLeft e) {
        send(Hook.MEMBER_LEFT, e.tenant(), e.user(), e.room(), null, null, null, e.at());
    }

    void online(@ObservesAsync UserOnline e) {
        send(Hook.USER_ONLINE, e.tenant(), e.user(), null, null, null, null, e.at());
    }

    void offline(@ObservesAsync UserOffline e) {
        send(Hook.USER_OFFLINE, e.tenant(), e.user(), null, null, null, null, e.at());
    }

    private void send(Hook hook, String tenant, String user, String room, String session, Integer code, String reason, Instant at) {
        List<Target> targets = settings.targets(tenant);
        byte[] body = null;
        String id = null;
        for (Target t : targets) {
            if (t.hooks().contains(hook)) {
                if (body == null) { // one body for every receiver: the same id and bytes, each its own signature
                    id = UUID.randomUUID().toString();
                    body = Json.write(new WebhookBody(id, hook.wire, tenant, user, room, session, code, reason,
                            Json.timestamp(at))).getBytes(StandardCharsets.UTF_8);
                }
                deliveries.offer(t, tenant, hook, id, body);
            }
        }
    }
}
