package io.herald.metrics;

/** Which per-tenant limit refused something: the {@code kind} tag of {@code herald_rate_limited_total}. */
public enum RateLimit {
    /** {@code POST /api/v1/events} over {@code herald.limits.publishes-per-second} (429). */
    PUBLISH,
    /** A client frame over {@code herald.limits.actions-per-minute} (error {@code rate_limited}, not carried out). */
    ACTION;

    final String tag = name().toLowerCase(java.util.Locale.ROOT);
}
