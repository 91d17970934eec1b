package io.herald.delivery;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** {@code drain}: the server is going away; reconnect (elsewhere) after {@code retry_after_ms}, resuming from the last id. */
@JsonbPropertyOrder({"type", "retryAfterMs"})
public record DrainFrame(String type, @JsonbProperty("retry_after_ms") long retryAfterMs) {
    public DrainFrame(long retryAfterMs) {
        this("drain", retryAfterMs);
    }
}
