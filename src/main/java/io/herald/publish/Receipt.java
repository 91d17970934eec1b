package io.herald.publish;

/**
 * What a publish did: the event's id in its tenant's stream, and how many sessions of this node it was queued for.
 */
public record Receipt(String id, int recipients) {
}
