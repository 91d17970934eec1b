package io.herald.presence;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * CDI event, asynchronous ({@code @ObservesAsync}): {@code user} became a member of {@code room} (its first connection
 * joined it). Told once per real change, on Herald's lifecycle thread, in order with the session events.
 *
 * @param meta the member's metadata, {@code {}} when none; never null
 */
public record MemberJoined(String tenant, String room, String user, JsonObject meta, Instant at) {
}
