package io.herald.demo;

import io.herald.publish.HeraldEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's clinic chat (seed 002): a fixed catalogue of conversations, each a room ({@code conv-…}), with its latest
 * messages, its status and how far each participant has read. Posting a message fires {@code message:new} to the
 * room; a read receipt is stored here (clients send it as the client event {@code message:read}, the feed fires it as
 * an event). Bounded ({@link #MESSAGES} per conversation, {@link #TENANTS} tenants, least recently used forgotten
 * first); in memory, lost on restart. Thread-safe: one lock over the store, never held while firing.
 */
@ApplicationScoped
public class Conversations {

    static final int MESSAGES = 100;
    static final int TENANTS = 100;

    /** A conversation of the catalogue: its room, what the page calls it, who takes part. */
    public record Topic(String room, String title, List<String> participants) {
    }

    /** The clinic's conversations; every tenant has the same ones. */
    static final List<Topic> CATALOGUE = List.of(
            new Topic("conv-7", "Front desk", List.of("alice", "bob", "reception")),
            new Topic("conv-8", "Dr. Lima · follow-ups", List.of("alice", "bob", "dr.lima")),
            new Topic("conv-9", "Lab results", List.of("alice", "bob", "lab")));

    public record Message(String id, String room, String from, String text, Instant sentAt) {
        Map<String, Object> data() {
            return DemoEvents.payload("message_id", id, "conversation_id", room, "from", from, "text", text,
                    "sent_at", sentAt.toString());
        }
    }

    /** One conversation's state, guarded by the store's lock. */
    private static final class State {
        final Deque<Message> messages = new ArrayDeque<>();
        final Map<String, String> readUpTo = new TreeMap<>();
        String status = "open";
    }

    @Inject
    Event<HeraldEvent> events;

    private final Map<String, Map<String, State>> byTenant = new Lru<>(TENANTS);
    private final AtomicLong ids = new AtomicLong();

    /** @return the conversation of the catalogue held in that room, if any */
    public static Optional<Topic> topic(String room) {
        return CATALOGUE.stream().filter(t -> t.room().equals(room)).findFirst();
    }

    /** Stores a message from {@code from} and fires {@code message:new} to the conversation's room. */
    public Message post(String tenant, Topic topic, String from, String text) {
        Message m = new Message("m-" + ids.incrementAndGet(), topic.room(), from, text, Instant.now());
        synchronized (byTenant) {
            Deque<Message> messages = thread(tenant, topic).messages;
            messages.addLast(m);
            if (messages.size() > MESSAGES) {
                messages.removeFirst();
            }
        }
        events.fire(new DemoEvents.MessageNew(tenant, topic.room(), m.id(), from, text, m.sentAt()));
        return m;
    }

    /** Stores that {@code user} has read the conversation up to {@code messageId}; tells nobody (the caller does). */
    public void read(String tenant, Topic topic, String user, String messageId) {
        synchronized (byTenant) {
            thread(tenant, topic).readUpTo.put(user, messageId);
        }
    }

    /** Sets the conversation's status and fires {@code conversation:updated} to its room. */
    public void status(String tenant, Topic topic, String status) {
        synchronized (byTenant) {
            thread(tenant, topic).status = status;
        }
        events.fire(new DemoEvents.ConversationUpdated(tenant, topic.room(), status));
    }

    /** @return the last message of the conversation, if any */
    public Optional<Message> last(String tenant, Topic topic) {
        synchronized (byTenant) {
            return Optional.ofNullable(thread(tenant, topic).messages.peekLast());
        }
    }

    /**
     * @return the conversation as a page shows it: {@code room}, {@code title}, {@code participants}, {@code status},
     * {@code messages} (oldest first) and {@code read} (user → the last message they read); a snapshot
     */
    public Map<String, Object> view(String tenant, Topic topic) {
        synchronized (byTenant) {
            State t = thread(tenant, topic);
            return DemoEvents.payload("room", topic.room(), "title", topic.title(), "participants", topic.participants(),
                    "status", t.status, "messages", t.messages.stream().map(Message::data).toList(),
                    "read", Map.copyOf(t.readUpTo));
        }
    }

    private State thread(String tenant, Topic topic) {
        return byTenant.computeIfAbsent(tenant, k -> new TreeMap<>()).computeIfAbsent(topic.room(), k -> new State());
    }
}
