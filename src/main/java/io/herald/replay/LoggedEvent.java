package io.herald.replay;

/**
 * One event as kept by the log: its routing, and its frame already encoded (with its id) so a replay sends the very
 * bytes live delivery sent.
 *
 * @param id    the event id, never null
 * @param type  never null
 * @param room  null when not addressed to a room
 * @param user  null when not addressed to a user
 * @param frame the encoded JSON object, never null
 * @param at    when it was logged, epoch millis
 */
public record LoggedEvent(EventId id, String type, String room, String user, String frame, long at) {
}
