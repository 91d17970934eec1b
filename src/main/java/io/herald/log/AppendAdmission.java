package io.herald.log;

import java.time.Duration;

/**
 * Whether the node takes new events now. Publishers ask every admission bean before appending (the node draining,
 * or behind with its deliveries); implementations are thread-safe and answer without blocking.
 */
public interface AppendAdmission {

    /** @return why an event of {@code tenant} must not be taken now, or null when it may */
    Refusal refusal(String tenant);

    /**
     * @param reason     safe to show the publisher
     * @param retryAfter when to try again, never null
     * @param passing    true when the refusal passes by itself soon (the node catching up), so that a publisher that
     *                   cannot be refused (an event from a committed transaction) may wait for it; false when it will
     *                   not pass on this node (draining)
     */
    record Refusal(String reason, Duration retryAfter, boolean passing) {
    }
}
