package io.herald.emit;

import jakarta.json.JsonValue;

import java.time.Instant;

/**
 * CDI event, synchronous ({@code @Observes}): a client emitted {@code type} into {@code room}, fired on the sender's
 * message thread after every check and before anything is delivered. An observer may store it (a read receipt) and
 * may veto it by throwing {@link ClientEventVetoed}: nothing is delivered and the sender gets {@code error}
 * {@code forbidden} with its message. Any other exception is logged: nothing is delivered, the sender gets
 * {@code internal}. Observers should be quick: the sender's next frame waits.
 *
 * @param session the sending connection's id
 * @param tenant  the sender's, from its credential
 * @param user    the sender's, from its credential
 * @param data    what the client sent as {@code data} ({@link JsonValue#NULL} when absent), bounded by
 *                {@code herald.emit.max-bytes}
 */
public record ClientEvent(String session, String tenant, String room, String user, String type, JsonValue data, Instant at) {
}
