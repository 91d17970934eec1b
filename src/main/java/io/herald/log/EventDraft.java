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
 */
public record EventDraft(String tenant, String type, String room, String user, String data) {
    public EventDraft {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
