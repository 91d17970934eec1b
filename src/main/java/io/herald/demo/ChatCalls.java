package io.herald.demo;

import io.herald.call.CallContext;
import io.herald.call.CallException;
import io.herald.call.HeraldCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;

/**
 * The clinic chat's calls. Sending is a call, not a client event: a message is stored and published as an event of
 * the tenant's stream (ids, replay after a reconnect), and its sender is the caller's credential, never the page's
 * word. Typing and read receipts are client events ({@code emit}). The demo lets every user of the tenant into every
 * conversation of the catalogue; a real application checks the caller takes part. Only with
 * {@code herald.demo.enabled}; else {@code not_found}. Stateless, thread-safe.
 */
@ApplicationScoped
public class ChatCalls {

    static final int MAX_TEXT = 2_000;

    @Inject
    DemoSettings settings;

    @Inject
    Conversations conversations;

    /** @return every conversation of the catalogue with its latest messages and read receipts (Conversations.view) */
    @HeraldCall("chat.conversations")
    public List<Map<String, Object>> list(CallContext caller) {
        settings.requireEnabled();
        return Conversations.CATALOGUE.stream().map(t -> conversations.view(caller.tenant(), t)).toList();
    }

    /** {@code {"room":"conv-7","text":"…"}} → the stored message; the room gets it as {@code message:new}. */
    @HeraldCall("chat.send")
    public Map<String, Object> send(CallContext caller, JsonValue data) {
        settings.requireEnabled();
        JsonObject o = data instanceof JsonObject j ? j : JsonValue.EMPTY_JSON_OBJECT;
        Conversations.Topic topic = Conversations.topic(string(o, "room"))
                .orElseThrow(() -> new CallException("not_found", "no such conversation"));
        String text = string(o, "text").strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new CallException("bad_request", "text: 1-" + MAX_TEXT + " characters");
        }
        return conversations.post(caller.tenant(), topic, caller.user(), text).data();
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : "";
    }
}
