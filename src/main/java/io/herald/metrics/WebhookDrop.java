package io.herald.metrics;

/** Why a webhook delivery was given up: the {@code reason} tag of {@code herald_webhooks_dropped_total}. */
public enum WebhookDrop {
    /** The webhook queue held {@code herald.webhooks.queue-size} deliveries already: not queued at all. */
    QUEUE_FULL,
    /** Every attempt met a connection error, a timeout, a 5xx or a 429 ({@code herald.webhooks.max-attempts}). */
    FAILED,
    /** The receiver answered a status that is not retried (a 4xx other than 429, or a 1xx or 3xx). */
    REJECTED,
    /** The application stopped before the delivery went out (queued or waiting to retry). */
    STOPPED;

    final String tag = name().toLowerCase(java.util.Locale.ROOT);
}
