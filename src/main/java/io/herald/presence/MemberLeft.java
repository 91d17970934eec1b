package io.herald.presence;

import java.time.Instant;

/**
 * CDI event, asynchronous ({@code @ObservesAsync}): {@code user} stopped being a member of {@code room} (its last
 * connection left it, or closed and none came back within {@code herald.presence.grace}). Once per real change.
 */
public record MemberLeft(String tenant, String room, String user, Instant at) {
}
