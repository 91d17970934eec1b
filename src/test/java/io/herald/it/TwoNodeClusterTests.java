package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27, acceptance 1, the first half of 2 and presence across nodes (3's first part is {@link
 * MembersOnB}), for any backend: two running Herald nodes {@link #a} and {@link #b} (started by the
 * subclass with {@link #clusterWar}, and shared by its tests), each test on tenants of its own. Orders 1 to 6; a
 * subclass's own tests come after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoNodeClusterTests {

    /** Short, so that a crashed node's members leave soon: the tests wait for it. */
    static final Duration LEASE = Duration.ofSeconds(6);
    static final Duration GRACE = Duration.ofSeconds(2);

    HeraldNode a;
    HeraldNode b;

    /**
     * The WAR of both nodes: the backend's {@code settings} plus presence in the rooms {@code presence-*} (grace
     * {@link #GRACE}, lease {@link #LEASE}), with {@link TxProbe} and {@link PresenceProbe}.
     */
    static WebArchive clusterWar(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(Map.of("herald.presence.rooms", "presence-*", "herald.presence.grace", GRACE.toString(),
                "herald.presence.lease", LEASE.toString()));
        return HeraldDeployment.war(all, TxProbe.class, TxProbe.ProbeRegistered.class,
                PresenceProbe.class, PresenceProbe.Recorder.class, PresenceProbe.Seen.class);
    }

    @Test
    @Order(1)
    void httpAndCdiPublishesOnAReachSessionsOnBWithTheSameIdsAsOnA() {
        String tenant = "cluster-" + UUID.randomUUID();
        try (WsClient onA = WsClient.connect(a.base(), Tokens.user(tenant, "ann"));
             WsClient onB = WsClient.connect(b.base(), Tokens.user(tenant, "bob"))) {
            String http = Api.publish(a.base(), tenant, "{\"type\":\"order.shipped\",\"data\":{\"n\":1}}").getString("id");
            JsonObject seenOnB = onB.nextEvent();
            assertEquals(http, seenOnB.getString("id"));
            assertEquals("order.shipped", seenOnB.getString("type"));
            assertEquals(1, seenOnB.getJsonObject("data").getInt("n"));
            assertEquals(http, onA.nextEvent().getString("id"));

            assertEquals(200, Api.post(a.base(), "api/v1/test/tx/commit?tenant=" + tenant + "&marker=from-ejb", null, "").status());
            JsonObject cdiOnA = onA.nextEvent();
            JsonObject cdiOnB = onB.nextEvent();
            assertEquals("probe.registered", cdiOnB.getString("type"));
            assertEquals("from-ejb", cdiOnB.getJsonObject("data").getString("marker"));
            assertEquals(cdiOnA.getString("id"), cdiOnB.getString("id"), "one id for the CDI event on every node");
        }
    }

    @Test
    @Order(2)
    void roomAndUserAddressingHoldAcrossNodes() {
        String tenant = "cluster-" + UUID.randomUUID();
        try (WsClient member = WsClient.connect(b.base(), Tokens.user(tenant, "u1"), "rooms=conv-1");
             WsClient outsider = WsClient.connect(b.base(), Tokens.user(tenant, "u2"));
             WsClient otherNode = WsClient.connect(a.base(), Tokens.user(tenant, "u2"))) {
            String room = Api.publish(a.base(), tenant, "{\"type\":\"message:new\",\"room\":\"conv-1\"}").getString("id");
            String toUser = Api.publish(a.base(), tenant, "{\"type\":\"note\",\"user\":\"u2\"}").getString("id");
            String fence = Api.publish(b.base(), tenant, "{\"type\":\"fence\"}").getString("id");
            assertEquals(List.of(room, fence), List.of(member.nextEvent().getString("id"), member.nextEvent().getString("id")),
                    "the room member gets the room event, not the other user's");
            assertEquals(List.of(toUser, fence), List.of(outsider.nextEvent().getString("id"), outsider.nextEvent().getString("id")),
                    "u2 on B gets its own event published on A, not the room's");
            assertEquals(List.of(toUser, fence), List.of(otherNode.nextEvent().getString("id"), otherNode.nextEvent().getString("id")),
                    "u2 on A too");
        }
    }

    @Test
    @Order(3)
    void revokingAUserOnAClosesItsSessionsOnBAndSparesTheOthers() {
        String tenant = "cluster-" + UUID.randomUUID();
        try (WsClient revoked = WsClient.connect(b.base(), Tokens.user(tenant, "mallory"));
             WsClient bystander = WsClient.connect(b.base(), Tokens.user(tenant, "ann"))) {
            Api.Answer r = Api.delete(a.base(), "api/v1/sessions?user=mallory", Tokens.publisher(tenant));
            assertEquals(200, r.status(), r.toString());
            assertEquals(0, r.body().getInt("closed"), "no session of mallory on A itself");
            assertEquals(4401, revoked.awaitClose(Duration.ofSeconds(15)));
            String id = Api.publish(a.base(), tenant, "{\"type\":\"after.revocation\"}").getString("id");
            assertEquals(id, bystander.nextEvent().getString("id"));
        }
    }

    /** Acceptance 2: a reader of a 3,000-event stream leaves A mid-stream and resumes on B. */
    @Test
    @Order(4)
    void aClientLeavingAMidStreamResumesOnBWithEveryEventInOrderOnce() throws Exception {
        String tenant = "cluster-" + UUID.randomUUID();
        int total = 3000;
        List<String> published = new ArrayList<>(total);
        List<String> received = new ArrayList<>(total);
        try (WsClient onA = WsClient.connect(a.base(), Tokens.user(tenant, "reader"))) {
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < total; i++) {
                    String id = Api.publish(a.base(), tenant, "{\"type\":\"tick\",\"data\":{\"i\":" + i + "}}").getString("id");
                    synchronized (published) {
                        published.add(id);
                    }
                }
            });
            while (received.size() < total / 3) {
                received.add(onA.nextEvent().getString("id"));
            }
            onA.abort(); // gone without a close, mid-stream
            String last = received.get(received.size() - 1);
            try (WsClient onB = WsClient.connect(b.base(), Tokens.user(tenant, "reader"), "since=" + last)) {
                while (received.size() < total) {
                    received.add(onB.nextEvent().getString("id"));
                }
                publishing.get(2, TimeUnit.MINUTES);
                assertNull(onB.poll(Duration.ofMillis(500)), "nothing after the last event");
            }
        }
        assertEquals(published, received, "every event, in order, once");
    }

    @Test
    @Order(5)
    void twoDevicesOfOneUserOnAAndBAreOneMemberJoiningAndLeavingOnceAndEveryNodeListsTheClusterWideMembers() throws Exception {
        String tenant = "cluster-presence-" + UUID.randomUUID();
        try (WsClient watcher = WsClient.connect(a.base(), Tokens.user(tenant, "watcher"), "rooms=presence-1");
             // alice's devices subscribe to another type: the markers that show the watcher got nothing do not reach them
             WsClient aliceOnB = WsClient.connect(b.base(), Tokens.user(tenant, "alice"), "types=other");
             WsClient aliceOnA = WsClient.connect(a.base(), Tokens.user(tenant, "alice"), "types=other")) {
            assertEquals(List.of("alice:1", "watcher:1"), PresenceIT.members(PresenceIT.join(aliceOnB, "presence-1", "{\"on\":\"B\"}")),
                    "B's join reply lists the member connected to A");
            PresenceIT.assertPresence(watcher.next(), "presence-1", "alice", "join");
            Markers.assertNext(a.base(), tenant, watcher);
            assertEquals(List.of("alice:1", "watcher:1"), httpMembers(a, tenant, "presence-1"), "A lists alice, connected to B only");

            assertEquals(List.of("alice:2", "watcher:1"), PresenceIT.members(PresenceIT.join(aliceOnA, "presence-1", null)));
            Markers.assertNext(a.base(), tenant, watcher); // alice's second device, on another node: no join
            assertEquals(List.of("alice:2", "watcher:1"), httpMembers(b, tenant, "presence-1"));

            aliceOnB.request("l1", "{\"action\":\"leave\",\"room\":\"presence-1\",\"ref\":\"l1\"}");
            Markers.assertNext(a.base(), tenant, watcher); // one device left, the other is on A: no leave

            aliceOnA.request("l2", "{\"action\":\"leave\",\"room\":\"presence-1\",\"ref\":\"l2\"}");
            PresenceIT.assertPresence(watcher.next(), "presence-1", "alice", "leave");
            Markers.assertNext(a.base(), tenant, watcher); // exactly one
            assertEquals(List.of("watcher:1"), httpMembers(b, tenant, "presence-1"));
        }
        List<String> onA = PresenceIT.awaitSeen(a.base(), tenant, "left presence-1 alice"::equals);
        List<String> onB = PresenceIT.awaitSeen(b.base(), tenant, "joined presence-1 alice"::equals);
        assertEquals(List.of("joined presence-1 alice", "left presence-1 alice"),
                java.util.stream.Stream.concat(onA.stream(), onB.stream()).filter(s -> s.contains(" presence-1 alice")).sorted().toList(),
                "the application is told each change once in the cluster (on the node that decided it): A " + onA + ", B " + onB);
    }

    @Test
    @Order(6)
    void aReconnectToTheOtherNodeWithinTheGraceDoesNotFlapAndBeyondItOneLeave() throws Exception {
        String tenant = "cluster-grace-" + UUID.randomUUID();
        try (WsClient watcher = WsClient.connect(a.base(), Tokens.user(tenant, "watcher"), "rooms=presence-2")) {
            WsClient carol = WsClient.connect(b.base(), Tokens.user(tenant, "carol"), "rooms=presence-2");
            PresenceIT.assertPresence(watcher.next(), "presence-2", "carol", "join");
            carol.close();
            carol = WsClient.connect(a.base(), Tokens.user(tenant, "carol"), "rooms=presence-2");
            JsonObject during = watcher.poll(GRACE.plusSeconds(2));
            assertNull(during, "carol went from B to A within the grace: no leave, no join (" + during + ")");
            Markers.assertNext(a.base(), tenant, watcher);
            carol.close();
            PresenceIT.assertPresence(watcher.next(), "presence-2", "carol", "leave");
            Markers.assertNext(b.base(), tenant, watcher);
        }
    }

    /**
     * Acceptance 3's scene: a watcher on A (markers and presence only) and bob and carol on B only, in the room
     * {@code presence-3}; their joins seen by the watcher and listed by A. Close it to close the three clients.
     */
    final class MembersOnB implements AutoCloseable {
        static final String ROOM = "presence-3";
        final String tenant;
        final WsClient watcher;
        private final WsClient bob;
        private final WsClient carol;

        MembersOnB(String tenant) {
            this.tenant = tenant;
            watcher = WsClient.connect(a.base(), Tokens.user(tenant, "watcher"), "rooms=" + ROOM, "types=marker");
            bob = WsClient.connect(b.base(), Tokens.user(tenant, "bob"), "rooms=" + ROOM);
            carol = WsClient.connect(b.base(), Tokens.user(tenant, "carol"), "rooms=" + ROOM);
            List<String> joins = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                JsonObject f = watcher.next();
                PresenceIT.assertPresence(f, ROOM, f.getString("user"), "join");
                joins.add(f.getString("user"));
            }
            assertEquals(List.of("bob", "carol"), joins.stream().sorted().toList());
            assertEquals(List.of("bob:1", "carol:1", "watcher:1"), httpMembers(a, tenant, ROOM));
        }

        /**
         * Once B was killed at {@code killed} ({@link System#nanoTime}): bob and carol leave within {@code within}
         * of the kill, once each, seen by the watcher on A; A then lists the watcher only, and the application on A
         * (the survivor, which decided the leaves) was told each leave once.
         */
        void assertLeftOnceEachWithin(Duration within, long killed) throws Exception {
            List<String> leaves = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                JsonObject f = watcher.poll(within.plusSeconds(5));
                assertTrue(f != null, "a leave within " + within + ", got " + leaves);
                PresenceIT.assertPresence(f, ROOM, f.getString("user"), "leave");
                leaves.add(f.getString("user"));
            }
            Duration after = Duration.ofNanos(System.nanoTime() - killed);
            assertTrue(after.compareTo(within) <= 0, "B's members left " + after + " after the kill, over " + within);
            assertEquals(List.of("bob", "carol"), leaves.stream().sorted().toList());
            Markers.assertNext(a.base(), tenant, watcher); // one leave each
            assertEquals(List.of("watcher:1"), httpMembers(a, tenant, ROOM));
            PresenceIT.awaitSeen(a.base(), tenant, ("left " + ROOM + " bob")::equals);
            List<String> onA = PresenceIT.awaitSeen(a.base(), tenant, ("left " + ROOM + " carol")::equals);
            assertEquals(List.of("left " + ROOM + " bob", "left " + ROOM + " carol"),
                    onA.stream().filter(x -> x.startsWith("left " + ROOM + " ")).sorted().toList(),
                    "the survivor decided the leaves and told the application once each");
        }

        @Override
        public void close() {
            watcher.close();
            bob.close();
            carol.close();
        }
    }

    static List<String> httpMembers(HeraldNode node, String tenant, String room) {
        Api.Answer r = Api.get(node.base(), "api/v1/rooms/" + room + "/presence", Tokens.user(tenant, "reader"));
        assertEquals(200, r.status(), r.toString());
        return PresenceIT.names(r.body().getJsonArray("members"));
    }
}
