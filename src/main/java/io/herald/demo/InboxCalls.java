package io.herald.demo;

import io.herald.call.CallContext;
import io.herald.call.CallException;
import io.herald.call.HeraldCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notification centre's calls: a user lists and marks read their own notifications (the user is the caller's,
 * from its credential). Only with {@code herald.demo.enabled}; else {@code not_found}. Stateless, thread-safe.
 */
@ApplicationScoped
public class InboxCalls {

    /** Ids one {@code notifications.read} may name (a page marks at most what it shows). */
    static final int MAX_IDS = 50;

    @Inject
    DemoSettings settings;

    @Inject
    Inbox inbox;

    /** @return {@code {"items":[…newest first], "unread": n}} */
    @HeraldCall("notifications.list")
    public Map<String, Object> list(CallContext caller) {
        settings.requireEnabled();
        List<Inbox.Note> notes = inbox.list(caller.tenant(), caller.user());
        return DemoEvents.payload("items", notes.stream().map(Inbox.Note::data).toList(),
                "unread", notes.stream().filter(n -> !n.read()).count());
    }

    /** {@code {"notification_ids":["n-1",…]}} → every device of the caller gets a {@code notification_update} per id. */
    @HeraldCall("notifications.read")
    public Map<String, Object> read(CallContext caller, JsonValue data) {
        settings.requireEnabled();
        List<String> ids = ids(data);
        inbox.markRead(caller.tenant(), caller.user(), ids);
        return DemoEvents.payload("read", ids.size());
    }

    /** Posts a test notification to the caller (the page's "send me one" button): it arrives on every device. */
    @HeraldCall("notifications.test")
    public Map<String, Object> test(CallContext caller) {
        settings.requireEnabled();
        return inbox.post(caller.tenant(), caller.user(), "Test notification",
                "Sent from the notification centre: every device of yours shows it.", "INFO").data();
    }

    private static List<String> ids(JsonValue data) {
        JsonValue ids = data instanceof JsonObject o ? o.get("notification_ids") : null;
        if (!(ids instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_IDS) {
            throw new CallException("bad_request", "notification_ids: 1-" + MAX_IDS + " ids");
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonValue id : array) {
            if (!(id instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > 128) {
                throw new CallException("bad_request", "notification_ids: strings of 1-128 characters");
            }
            out.add(s.getString());
        }
        return out;
    }
}
