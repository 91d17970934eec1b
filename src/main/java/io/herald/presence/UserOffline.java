package io.herald.presence;

import java.time.Instant;

/**
 * CDI event, asynchronous ({@code @ObservesAsync}): the user's last connection in its tenant closed and none opened
 * within {@code herald.presence.grace}. Once per real change.
 */
public record UserOffline(String tenant, String user, Instant at) {
}
