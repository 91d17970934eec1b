package io.herald.tenant;

import java.time.Instant;

/**
 * CDI event: a connection stopped being addressable (once per connection, whoever closed it). Observers run on the
 * closing thread and must not block; one that throws is logged and the others are still told.
 *
 * @param code   the close code the server sent or received (the contract's codes, e.g. 4508 for a slow consumer)
 * @param reason the close reason, never null (empty when none)
 */
public record SessionClosed(String session, String tenant, String user, int code, String reason, Instant at) {
}
