package io.herald.demo;

import io.herald.publish.HeraldEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo feed gives every page traffic, and the inbox and conversations keep what the pages load. */
class DemoScriptTest {

    /** What the demo's beans fire, kept in order (the CDI event a container would hand to Herald's observer). */
    static final class Recorded implements Event<HeraldEvent> {
        final List<HeraldEvent> fired = new CopyOnWriteArrayList<>();

        @Override public void fire(HeraldEvent event) { fired.add(event); }
        @Override public <U extends HeraldEvent> CompletionStage<U> fireAsync(U event) { fired.add(event); return CompletableFuture.completedFuture(event); }
        @Override public <U extends HeraldEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) { return fireAsync(event); }
        @Override public Event<HeraldEvent> select(Annotation... qualifiers) { return this; }
        @Override public <U extends HeraldEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
        @Override public <U extends HeraldEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) { throw new UnsupportedOperationException(); }
    }

    final Recorded events = new Recorded();
    final Inbox inbox = new Inbox();
    final Conversations conversations = new Conversations();
    final DemoScript script = new DemoScript();

    DemoScriptTest() {
        inbox.events = events;
        conversations.events = events;
        DemoSettings settings = new DemoSettings();
        settings.enabled = true;
        settings.tenant = "demo";
        script.settings = settings;
        script.events = events;
        script.inbox = inbox;
        script.conversations = conversations;
    }

    @Test
    void twoMinutesOfTheFeedFireEveryTypeThePagesShowAndEveryConversationAndUserGetsSome() {
        for (int i = 0; i < 60; i++) {
            script.fireNext();
        }
        Set<String> types = events.fired.stream().map(HeraldEvent::type).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("alert.triggered", "conversation:updated", "face.deleted", "face.registered",
                "message:new", "message:read", "metric.updated", "notification", "verification.completed")), types);
        assertTrue(events.fired.stream().allMatch(e -> e.tenant().equals("demo")));
        for (String user : DemoScript.NOTIFIED) {
            assertFalse(inbox.list("demo", user).isEmpty(), user + " got no notification");
        }
        for (Conversations.Topic topic : Conversations.CATALOGUE) {
            assertTrue(conversations.last("demo", topic).isPresent(), topic.room() + " got no message");
        }
        assertEquals(3, events.fired.stream().filter(e -> e.type().equals("metric.updated"))
                .map(e -> ((Map<?, ?>) e.data()).get("metric")).distinct().count(), "the dashboard's three charts");
    }

    @Test
    void markingReadChangesTheStoredNotificationAndTellsTheUserOfEveryIdEvenOnesItDoesNotHold() {
        Inbox.Note kept = inbox.post("t", "nora", "Report ready", "…", "INFO");
        inbox.post("t", "nora", "Another", "…", "INFO");
        events.fired.clear();
        inbox.markRead("t", "nora", List.of(kept.id(), "from-http"));

        List<Inbox.Note> notes = inbox.list("t", "nora");
        assertEquals(List.of(false, true), notes.stream().map(Inbox.Note::read).toList(), "newest first, the first one read");
        assertEquals(List.of(kept.id(), "from-http"), events.fired.stream()
                .map(e -> ((DemoEvents.NotificationUpdate) e).id()).toList());
        assertTrue(events.fired.stream().allMatch(e -> "nora".equals(e.user()) && e.room() == null), "addressed to the user only");
        assertEquals(List.of(), inbox.list("t", "other"), "nothing of another user");
        assertEquals(List.of(), inbox.list("other-tenant", "nora"), "nothing of another tenant");
    }

    @Test
    void aUsersInboxAndAConversationKeepOnlyTheirLatest() {
        for (int i = 0; i < Inbox.PER_USER + 5; i++) {
            inbox.post("t", "nora", "n" + i, "…", "INFO");
        }
        Conversations.Topic topic = Conversations.CATALOGUE.get(0);
        for (int i = 0; i < Conversations.MESSAGES + 5; i++) {
            conversations.post("t", topic, "bob", "m" + i);
        }
        List<Inbox.Note> notes = inbox.list("t", "nora");
        assertEquals(Inbox.PER_USER, notes.size());
        assertEquals("n" + (Inbox.PER_USER + 4), notes.get(0).title());
        List<?> messages = (List<?>) conversations.view("t", topic).get("messages");
        assertEquals(Conversations.MESSAGES, messages.size());
        assertEquals("m5", ((Map<?, ?>) messages.get(0)).get("text"), "the oldest kept is the sixth");
    }
}
