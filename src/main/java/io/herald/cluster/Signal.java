package io.herald.cluster;

import java.util.Objects;

/**
 * A notice from one node to the others that is not an event: a revocation or a kick. Delivered to the other nodes as
 * a CDI event (observe {@code @Observes Signal}), at most once each, not to the node that sent it (it acts at once
 * itself). Best effort: a node that cannot reach the backend when it is sent never gets it.
 *
 * @param topic   what to do, never null (e.g. {@code sessions.revoke})
 * @param tenant  never null
 * @param subject whom it is about (a user, a key id), never null
 */
public record Signal(String topic, String tenant, String subject) {
    public Signal {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
    }
}
