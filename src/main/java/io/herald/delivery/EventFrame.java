package io.herald.delivery;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The envelope of every event on the wire (see the contract). {@code room} and {@code data} are written even when null. */
@JsonbNillable
@JsonbPropertyOrder({"type", "id", "tenant", "room", "data", "timestamp"})
public record EventFrame(String type, String id, String tenant, String room, Object data, String timestamp) {
}
