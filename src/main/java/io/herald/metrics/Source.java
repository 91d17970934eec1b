package io.herald.metrics;

/** Where a published event came from: the {@code source} tag of {@code herald_events_published_total}. */
public enum Source {
    /** A {@code HeraldEvent} fired by the application (CDI, after commit). */
    CDI,
    /** {@code POST /api/v1/events}. */
    HTTP,
    /** A client's {@code emit} action that was delivered (no id, not in the log). */
    CLIENT;

    final String tag = name().toLowerCase(java.util.Locale.ROOT);
}
