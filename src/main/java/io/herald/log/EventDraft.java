package io.herald.log;

import java.util.Objects;

/**
 * An event before the log gave it an id: its routing and its payload, already JSON text.
 *
 * @param tenant never null
 * @param type   a valid event type, never null
 * @param room   null for no room
 * @param user   null for no user; room and user both null address the whole tenant
 * @param data   the payload as JSON text, never null ({@code "null"} for none)
 * @param traceparent the W3C {@code traceparent} of the span that published it, kept with the event so that its
 *                    delivery joins the publisher's trace; null when nothing traced the publish (no MicroProfile
 *                    Telemetry, or it is off). A string, not a context object, so that a log shared by several nodes
 *                    can store it with the event.
 */
public record EventDraft(String tenant, String type, String room, String user, String data, String traceparent) {
    public EventDraft {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** An event no trace published. */
    public EventDraft(String tenant, String type, String room, String user, String data) {
        this(tenant, type, room, user, data, null);
    }
}
