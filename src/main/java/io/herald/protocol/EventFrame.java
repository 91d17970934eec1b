package io.herald.protocol;

/**
 * The envelope of every event on the wire (see the contract):
 * {@code {"type","id","tenant","room","data","timestamp"}}, {@code room} and {@code data} written even when null.
 *
 * @param type      a valid event type, never null
 * @param id        the event id as clients see it, never null
 * @param tenant    never null
 * @param room      null when not addressed to a room
 * @param data      the payload already encoded as JSON text (JSON-B, once, by the publisher), never null
 *                  ({@code "null"} for none)
 * @param timestamp ISO-8601 UTC with milliseconds ({@link Json#timestamp})
 */
public record EventFrame(String type, String id, String tenant, String room, String data, String timestamp) {
}
