package io.herald.delivery;

/**
 * What a publish did: the event's id in its tenant's stream, and how many sessions it was queued for on this node.
 */
public record Receipt(String id, int recipients) {
}
