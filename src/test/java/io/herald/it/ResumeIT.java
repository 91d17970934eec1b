package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that drops its connection in the middle of a stream and resumes from the last id it read ends with
 * every event exactly once: in stream order with {@code ?since=} (the ordered resume path: the replay comes before
 * any live event); with the {@code resume} action, which may come after live events were already handed to the new
 * connection (nothing is held back for it), the missed ones in id order after those, the live ones in id order.
 */
@ExtendWith(ArquillianExtension.class)
class ResumeIT {

    static final int EVENTS = 3000;
    static final int PUBLISHERS = 4;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.replay.max-events", "5000"));
    }

    @Test
    void resumeWithSinceParameterAfterAnAbruptDisconnectMissesNothing() throws Exception {
        assertAllInOrderAfterReconnect(true);
    }

    @Test
    void resumeActionAfterAnAbruptDisconnectMissesNothing() throws Exception {
        assertAllInOrderAfterReconnect(false);
    }

    /**
     * The client reconnects without {@code since}, reads live events for 2 s, and only then resumes from the last id
     * of its first connection: it ends with every event exactly once; the missed ones in id order, the live ones in
     * id order, none held back meanwhile.
     */
    @Test
    void resumeSentTwoSecondsAfterConnectMidStreamDeliversEveryMissedEventOnce() throws Exception {
        String tenant = "lateresume-" + UUID.randomUUID();
        int events = 1200;
        List<String> firstIds = new ArrayList<>();
        CompletableFuture<Void> publishing;
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        try (WsClient first = WsClient.connect(base, Tokens.user(tenant, "u"))) {
            publishing = CompletableFuture.runAsync(() -> {
                for (int n = 0; n < events; n++) {
                    Api.publish(base, tenant, "{\"type\":\"seq\",\"data\":{\"n\":" + n + "}}");
                    published.incrementAndGet();
                    pace(2);
                }
            });
            while (firstIds.size() < 100) {
                firstIds.add(first.nextEvent().getString("id"));
            }
            first.abort();
        }
        // events published while the client is away: the gap its resume must fill
        int away = published.get() + 50;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); published.get() < away && System.nanoTime() < deadline; ) {
            pace(5);
        }
        String lastId = firstIds.get(firstIds.size() - 1);
        List<String> live = new ArrayList<>();
        List<String> afterResume = new ArrayList<>();
        try (WsClient second = WsClient.connect(base, Tokens.user(tenant, "u"))) {
            long resumeAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < resumeAt) {
                live.add(second.nextEvent().getString("id"));
            }
            assertFalse(publishing.isDone(), "the resume must happen mid-stream");
            second.send("{\"action\":\"resume\",\"ref\":\"r\",\"since\":\"" + lastId + "\"}");
            publishing.get(60, TimeUnit.SECONDS);
            String fence = Api.publish(base, tenant, "{\"type\":\"fence\"}").getString("id");
            boolean replied = false;
            for (JsonObject f = second.next(); !fence.equals(f.getString("id", null)); f = second.next()) {
                if ("reply".equals(f.getString("type"))) {
                    assertFalse(f.getJsonObject("data").getBoolean("reset"), f.toString());
                    replied = true;
                } else {
                    afterResume.add(f.getString("id"));
                }
            }
            assertTrue(replied, "the resume was answered");
        }
        assertTrue(sequence(live.get(0)) > sequence(lastId) + 1, "there was a gap to replay");
        List<String> second = new ArrayList<>(live);
        second.addAll(afterResume);
        assertEveryEventOnceMissedAndLiveInOrder(firstIds, second, events);
    }

    /**
     * What a client that resumed with the {@code resume} action after it had read live events sees: every event of
     * the stream exactly once across both connections; the missed ones (after its last id, before the first live one
     * of the second connection) in id order, and the live ones in id order. Events handed to it before the resume
     * are not sent again, so the missed ones come after them.
     */
    private static void assertEveryEventOnceMissedAndLiveInOrder(List<String> firstIds, List<String> secondIds, int events) {
        long epoch = EventIds.epoch(firstIds.get(0));
        long lastFirst = sequence(firstIds.get(firstIds.size() - 1));
        long firstLive = sequence(secondIds.get(0));
        List<Long> all = new ArrayList<>();
        List<Long> missed = new ArrayList<>();
        List<Long> liveOrder = new ArrayList<>();
        firstIds.forEach(id -> all.add(sequence(id)));
        for (String id : secondIds) {
            assertEquals(epoch, EventIds.epoch(id));
            long s = sequence(id);
            all.add(s);
            (s > lastFirst && s < firstLive ? missed : liveOrder).add(s);
        }
        List<Long> expected = new ArrayList<>();
        for (long s = sequence(firstIds.get(0)); s < sequence(firstIds.get(0)) + events; s++) {
            expected.add(s);
        }
        assertEquals(expected, all.stream().sorted().toList(), "every event exactly once");
        assertEquals(missed.stream().sorted().toList(), missed, "the missed events in id order");
        assertEquals(liveOrder.stream().sorted().toList(), liveOrder, "the live events in id order");
    }

    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    /** Paces the publisher (not a wait for a result): the stream must last longer than the 2 s before resume. */
    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aClientDroppedBeforeItsFirstEventResumesFromWelcomesLastIdAndMissesNothing() {
        String tenant = "firstdrop-" + UUID.randomUUID();
        String before = Api.publish(base, tenant, "{\"type\":\"before\"}").getString("id");
        String lastId;
        try (WsClient first = WsClient.connect(base, Tokens.user(tenant, "u"), WsClient.param("rooms", "r"))) {
            lastId = first.welcome().getString("last_id");
            assertEquals(before, lastId, "the tenant's last event when the session was accepted");
            first.abort(); // dropped before any event reached it: its only resume point is the welcome's
        }
        String missed = Api.publish(base, tenant, "{\"type\":\"while.away\"}").getString("id");
        try (WsClient second = WsClient.connect(base, Tokens.user(tenant, "u"), "since=" + lastId)) {
            JsonObject replayed = second.nextEvent();
            assertEquals(missed, replayed.getString("id"), "the event published while away, and not the one before");
            Markers.assertNext(base, tenant, second);
        }
    }

    @Test
    void sinceOlderThanTheStoreOrFromAnotherEpochGetsReset() {
        String tenant = "reset-" + UUID.randomUUID();
        String first = Api.publish(base, tenant, "{\"type\":\"n\"}").getString("id");
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u"), "since=1-1")) {
            JsonObject reset = c.expectType("reset");
            assertEquals("1-1", reset.getString("since"));
            assertEquals(first, reset.getString("oldest"));
            c.send("{\"action\":\"resume\",\"ref\":\"r\",\"since\":\"7-7\"}");
            assertEquals("7-7", c.expectType("reset").getString("since"), "the reset frame comes first");
            assertTrue(c.expectType("reply").getJsonObject("data").getBoolean("reset"));
        }
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u"))) {
            JsonObject bad = c.request("b", "{\"action\":\"resume\",\"ref\":\"b\",\"since\":\"nope\"}");
            assertEquals("bad_frame", bad.getString("code"));
        }
    }

    private void assertAllInOrderAfterReconnect(boolean viaParameter) throws Exception {
        String tenant = "resume-" + UUID.randomUUID();
        List<JsonObject> seen = new ArrayList<>();
        String lastId;
        int firstCount;
        CompletableFuture<Void> publishing;
        try (WsClient first = WsClient.connect(base, Tokens.user(tenant, "u"))) {
            // four concurrent publishers: the tenant's stream orders them, ids say the order
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int from = p;
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int n = from; n < EVENTS; n += PUBLISHERS) {
                        Api.publish(base, tenant, "{\"type\":\"seq\",\"data\":{\"n\":" + n + "}}");
                    }
                }));
            }
            publishing = CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new));
            while (seen.size() < EVENTS / 3) {
                seen.add(first.nextEvent());
            }
            lastId = seen.get(seen.size() - 1).getString("id");
            firstCount = seen.size();
            first.abort(); // no close handshake: a dropped network
        }
        assertFalse(publishing.isDone(), "the disconnect must happen mid-stream");

        WsClient second = viaParameter
                ? WsClient.connect(base, Tokens.user(tenant, "u"), "since=" + lastId)
                : WsClient.connect(base, Tokens.user(tenant, "u"));
        try (second) {
            if (!viaParameter) {
                second.send("{\"action\":\"resume\",\"ref\":\"r\",\"since\":\"" + lastId + "\"}");
            }
            while (seen.size() < EVENTS) {
                JsonObject f = second.next();
                if (f.containsKey("id")) {
                    seen.add(f);
                } else if ("reply".equals(f.getString("type"))) {
                    assertFalse(f.getJsonObject("data").getBoolean("reset"));
                } else {
                    throw new AssertionError("unexpected frame " + f);
                }
            }
            publishing.get(60, TimeUnit.SECONDS);
            String fence = Api.publish(base, tenant, "{\"type\":\"fence\"}").getString("id");
            JsonObject next = second.next();
            if ("reply".equals(next.getString("type"))) {
                next = second.next();
            }
            assertEquals(fence, next.getString("id"), "no duplicate after the last event: " + next);
        }
        if (!viaParameter) {
            List<String> firstIds = seen.subList(0, firstCount).stream().map(f -> f.getString("id")).toList();
            List<String> secondIds = seen.subList(firstCount, seen.size()).stream().map(f -> f.getString("id")).toList();
            assertEveryEventOnceMissedAndLiveInOrder(firstIds, secondIds, EVENTS);
            return;
        }
        long epoch = EventIds.epoch(seen.get(0).getString("id"));
        java.util.Set<Integer> payloads = new java.util.HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = seen.get(i).getString("id");
            assertEquals(epoch + "-" + (i + 1), id, "event " + i + " in stream order, exactly once");
            payloads.add(seen.get(i).getJsonObject("data").getInt("n"));
        }
        assertEquals(EVENTS, payloads.size(), "every published payload arrived");
    }
}
