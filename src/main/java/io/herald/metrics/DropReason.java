package io.herald.metrics;

/** Why JSON objects queued for a session (or an event on its way in) were never sent: the {@code reason} tag. */
public enum DropReason {
    /** The session's queue was dropped when it was closed as a slow consumer (4508). */
    SLOW_CONSUMER,
    /** A send failed; the session was closed with 1011. */
    SEND_FAILED,
    /** The session closed for any other reason (client gone, drain, heartbeat, revocation) with objects still queued. */
    CLOSED,
    /** A CDI event of a tenant disabled in configuration (counted once per event, not per session). */
    TENANT_DISABLED,
    /** A CDI event that waited for an unreachable event log and found its bounded queue full (once per event). */
    LOG_UNAVAILABLE;

    final String tag = name().toLowerCase(java.util.Locale.ROOT);
}
