package io.herald.delivery;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * {@code reset}: a resume asked for events that are no longer kept (or of another epoch, e.g. before a restart).
 * The client must reload its state; live delivery goes on.
 *
 * @param oldest the oldest id still kept, null when none is
 */
@JsonbNillable
@JsonbPropertyOrder({"type", "since", "oldest"})
public record ResetFrame(String type, String since, String oldest) {
    public ResetFrame(String since, String oldest) {
        this("reset", since, oldest);
    }
}
