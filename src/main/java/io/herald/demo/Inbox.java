package io.herald.demo;

import io.herald.publish.HeraldEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's notification service (seed 001): each user's latest notifications and whether they were read. Posting one
 * fires {@code notification} to the user, marking one read fires {@code notification_update} to the user: every device
 * of theirs receives both, so a read on one clears the badge on all. Bounded ({@link #PER_USER} per user,
 * {@link #USERS} users over all tenants, least recently used forgotten first); in memory, lost on restart.
 * Thread-safe: one lock over the store, never held while firing.
 */
@ApplicationScoped
public class Inbox {

    static final int PER_USER = 50;
    static final int USERS = 1_000;
    static final String READ = "READ";

    /** One notification as the page lists it: the {@code notification} event's payload plus its status. */
    public record Note(String id, String user, String title, String message, String level, Instant createdAt, boolean read) {
        Map<String, Object> data() {
            return DemoEvents.payload("notification_id", id, "user_id", user, "title", title, "message", message,
                    "type", level, "status", read ? READ : "UNREAD", "created_at", createdAt.toString());
        }

        Note asRead() {
            return new Note(id, user, title, message, level, createdAt, true);
        }
    }

    @Inject
    Event<HeraldEvent> events;

    private final Map<String, Deque<Note>> byUser = new Lru<>(USERS);
    private final AtomicLong ids = new AtomicLong();

    /** Stores a new unread notification and fires it to every device of the user. */
    public Note post(String tenant, String user, String title, String message, String level) {
        Note note = new Note("n-" + ids.incrementAndGet(), user, title, message, level, Instant.now(), false);
        synchronized (byUser) {
            Deque<Note> notes = byUser.computeIfAbsent(key(tenant, user), k -> new ArrayDeque<>());
            notes.addFirst(note);
            if (notes.size() > PER_USER) {
                notes.removeLast();
            }
        }
        events.fire(new DemoEvents.Notification(tenant, user, note.id(), title, message, level, note.createdAt()));
        return note;
    }

    /** @return the user's notifications, newest first: a snapshot, never null */
    public List<Note> list(String tenant, String user) {
        synchronized (byUser) {
            Deque<Note> notes = byUser.get(key(tenant, user));
            return notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /**
     * Marks these notifications of the user read and tells every device of theirs, one {@code notification_update}
     * per id. An id the store does not hold (a notification another system published over the HTTP API) is told too:
     * the user's devices hold it, and the user may only ever change their own.
     */
    public void markRead(String tenant, String user, List<String> notificationIds) {
        synchronized (byUser) {
            Deque<Note> notes = byUser.get(key(tenant, user));
            if (notes != null) {
                List<Note> updated = new ArrayList<>(notes.size());
                for (Note n : notes) {
                    updated.add(notificationIds.contains(n.id()) ? n.asRead() : n);
                }
                notes.clear();
                notes.addAll(updated);
            }
        }
        for (String id : notificationIds) {
            events.fire(new DemoEvents.NotificationUpdate(tenant, user, id, READ));
        }
    }

    private static String key(String tenant, String user) {
        return tenant + '\n' + user;
    }
}
