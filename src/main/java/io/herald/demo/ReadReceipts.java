package io.herald.demo;

import io.herald.emit.ClientEvent;
import io.herald.emit.ClientEventVetoed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * Keeps the clinic chat's read receipts: a page emits {@code message:read} {@code {"message_id"}} into a conversation's
 * room; this stores it (so a page opened later shows it) before Herald delivers it to the room, and refuses one
 * without a message id. Does nothing with the demo off or outside the catalogue's rooms. Thread-safe.
 */
@ApplicationScoped
public class ReadReceipts {

    static final String TYPE = "message:read";

    @Inject
    DemoSettings settings;

    @Inject
    Conversations conversations;

    void received(@Observes ClientEvent e) {
        if (!settings.enabled() || !TYPE.equals(e.type())) {
            return;
        }
        Conversations.topic(e.room()).ifPresent(topic -> {
            if (!(e.data() instanceof JsonObject o) || !(o.get("message_id") instanceof JsonString id)
                    || id.getString().isEmpty() || id.getString().length() > 128) {
                throw new ClientEventVetoed("message:read needs a message_id");
            }
            conversations.read(e.tenant(), topic, e.user(), id.getString());
        });
    }
}
