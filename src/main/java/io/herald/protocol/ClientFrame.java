package io.herald.protocol;

import jakarta.json.JsonObject;

/**
 * A decoded client frame: a JSON object with its {@code action} and optional {@code ref}. Fields of the action are
 * read from {@code body} by {@link ClientActions}, which answers ill-typed ones with {@code bad_frame}.
 *
 * @param action null when the frame has none (answered with {@code bad_frame})
 * @param ref    null when absent
 * @param body   the whole frame, never null
 */
public record ClientFrame(String action, String ref, JsonObject body) {
}
