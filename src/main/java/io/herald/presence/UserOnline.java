package io.herald.presence;

import java.time.Instant;

/** CDI event, asynchronous ({@code @ObservesAsync}): the user's first connection in its tenant opened. Once per real change. */
public record UserOnline(String tenant, String user, Instant at) {
}
