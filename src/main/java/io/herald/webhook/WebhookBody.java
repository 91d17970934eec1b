package io.herald.webhook;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The JSON body of one webhook (JSON-B; a null field is left out). Immutable.
 *
 * @param id        unique per change, the same in every attempt and for every receiver: a receiver drops a repeat by it
 * @param event     the change's name ({@link Hook#wire}), e.g. {@code member.joined}
 * @param tenant    the tenant, never null
 * @param user      the user, never null
 * @param room      the room of {@code member.*}, else null
 * @param session   the connection's id of {@code session.*}, else null
 * @param code      the close code of {@code session.closed}, else null
 * @param reason    the close reason of {@code session.closed} (may be empty), else null
 * @param timestamp when the change happened, ISO-8601 UTC with milliseconds
 */
@JsonbPropertyOrder({"id", "event", "tenant", "user", "room", "session", "code", "reason", "timestamp"})
public record WebhookBody(String id, String event, String tenant, String user, String room, String session, Integer code,
                          String reason, String timestamp) {
}
