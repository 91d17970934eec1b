package io.herald.tenant;

import java.time.Instant;

/**
 * CDI event: a connection became addressable (once per connection). Observe it with {@code @ObservesAsync}: observers are
 * told on Herald's lifecycle thread, in order, after the change ({@link LifecycleEvents}); one that throws is logged and
 * the others are still told.
 *
 * @param session the connection's id
 * @param protocol the negotiated sub-protocol
 */
public record SessionOpened(String session, String tenant, String user, String protocol, Instant at) {
}
