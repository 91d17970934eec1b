package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URL;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence on real change only (issue 24, acceptance 1 and 3): a user's first device into a room is one {@code join}
 * frame to the room's other members, its last one out one {@code leave}; a reconnect within the grace does not flap,
 * beyond it exactly one {@code leave}; {@code user:status} likewise, to the sessions that subscribed to it; the
 * application is told the same changes; {@code GET /api/v1/rooms/{room}/presence} lists the members of the caller's
 * own tenant only.
 */
@ExtendWith(ArquillianExtension.class)
class PresenceIT {

    static final Duration GRACE = Duration.ofSeconds(3);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.presence.grace", GRACE.toString(), "herald.presence.rooms", "conv-*,private-conv-*"),
                PresenceProbe.class, PresenceProbe.Recorder.class, PresenceProbe.Seen.class);
    }

    @Test
    void twoDevicesOfOneUserAreOneJoinToTheOthersOneLeavingIsNothingTheLastLeavingIsOneLeave() throws Exception {
        String tenant = "presence-" + UUID.randomUUID();
        try (WsClient bob = WsClient.connect(base, Tokens.user(tenant, "bob"));
             // alice's devices subscribe to another type: the markers that show bob got nothing do not reach them
             WsClient alice1 = WsClient.connect(base, Tokens.user(tenant, "alice"), WsClient.param("types", "other"));
             WsClient alice2 = WsClient.connect(base, Tokens.user(tenant, "alice"), WsClient.param("types", "other"))) {
            assertEquals(List.of("bob:1"), members(join(bob, "conv-1", null)));

            JsonObject joined = join(alice1, "conv-1", "{\"name\":\"Alice\"}");
            assertEquals(List.of("alice:1", "bob:1"), members(joined), "the join reply lists the room's members");
            assertPresence(bob.next(), "conv-1", "alice", "join");

            assertEquals(List.of("alice:2", "bob:1"), members(join(alice2, "conv-1", "{\"name\":\"Alice on her phone\"}")));
            Markers.assertNext(base, tenant, bob); // alice's second device: nothing for bob

            alice1.request("l1", "{\"action\":\"leave\",\"room\":\"conv-1\",\"ref\":\"l1\"}");
            Markers.assertNext(base, tenant, bob); // one of alice's devices left: nothing

            alice2.request("l2", "{\"action\":\"leave\",\"room\":\"conv-1\",\"ref\":\"l2\"}");
            assertPresence(bob.next(), "conv-1", "alice", "leave");
            Markers.assertNext(base, tenant, bob); // exactly one
        }
        List<String> seen = awaitSeen(tenant, s -> s.contains("left conv-1 alice"));
        assertEquals(List.of("joined conv-1 bob", "joined conv-1 alice", "left conv-1 alice"),
                seen.stream().filter(s -> s.startsWith("joined") || s.startsWith("left")).toList(),
                "the application is told the same real changes: " + seen);
    }

    @Test
    void aReconnectWithinTheGraceDoesNotFlapAndBeyondItExactlyOneLeave() throws Exception {
        String tenant = "grace-" + UUID.randomUUID();
        try (WsClient watcher = WsClient.connect(base, Tokens.user(tenant, "watcher"), WsClient.param("types", "user:status,marker"));
             WsClient bob = WsClient.connect(base, Tokens.user(tenant, "bob"), WsClient.param("rooms", "conv-2"))) {
            assertStatus(watcher.next(), "watcher", "online");
            assertStatus(watcher.next(), "bob", "online");

            WsClient carol = WsClient.connect(base, Tokens.user(tenant, "carol"), WsClient.param("rooms", "conv-2"));
            assertPresence(bob.next(), "conv-2", "carol", "join");
            assertStatus(watcher.next(), "carol", "online");

            carol.close();
            carol = WsClient.connect(base, Tokens.user(tenant, "carol"), WsClient.param("rooms", "conv-2"));
            JsonObject during = bob.poll(GRACE.plusSeconds(2));
            assertNull(during, "a reconnect within the grace: no leave, no join (" + during + ")");
            Markers.assertNext(base, tenant, bob, watcher);

            long closedAt = System.nanoTime();
            carol.close();
            assertPresence(bob.next(), "conv-2", "carol", "leave");
            Duration after = Duration.ofNanos(System.nanoTime() - closedAt);
            assertTrue(after.compareTo(GRACE.minusMillis(500)) >= 0, "the leave waits for the grace: came after " + after);
            assertStatus(watcher.next(), "carol", "offline");
            Markers.assertNext(base, tenant, bob, watcher); // exactly one leave, one offline
        }
        List<String> seen = awaitSeen(tenant, s -> s.equals("offline carol"));
        assertEquals(List.of("online carol", "joined conv-2 carol", "left conv-2 carol", "offline carol"), seen.stream().filter(s -> s.endsWith(" carol")).toList(), seen.toString());
    }

    @Test
    void httpPresenceListsTheJoinedMembersAndAnotherTenantsTokenNeverSeesThem() {
        String tenant = "http-presence-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        try (WsClient alice = WsClient.connect(base, Tokens.user(tenant, "alice"), WsClient.param("rooms", "conv-3"));
             WsClient bob = WsClient.connect(base, Tokens.user(tenant, "bob"));
             WsClient zed = WsClient.connect(base, Tokens.user(other, "zed"), WsClient.param("rooms", "conv-3"))) {
            join(bob, "conv-3", "{\"name\":\"Bob\"}");
            assertPresence(alice.next(), "conv-3", "bob", "join");

            Api.Answer own = Api.get(base, "api/v1/rooms/conv-3/presence", Tokens.user(tenant, "reader"));
            assertEquals(200, own.status(), own.toString());
            assertEquals("conv-3", own.body().getString("room"));
            JsonArray members = own.body().getJsonArray("members");
            assertEquals(List.of("alice:1", "bob:1"), names(members));
            assertEquals("Bob", members.getJsonObject(1).getJsonObject("meta").getString("name"));
            assertEquals(0, members.getJsonObject(0).getJsonObject("meta").size(), "no meta: {}");

            Api.Answer foreign = Api.get(base, "api/v1/rooms/conv-3/presence", Tokens.user(other, "reader"));
            assertEquals(200, foreign.status());
            assertEquals(List.of("zed:1"), names(foreign.body().getJsonArray("members")), "its own tenant's room only");

            assertEquals(401, Api.get(base, "api/v1/rooms/conv-3/presence", null).status());
            Api.Answer none = Api.get(base, "api/v1/rooms/lobby/presence", Tokens.user(tenant, "reader"));
            assertEquals(404, none.status(), "a room without presence (herald.presence.rooms)");
            assertEquals("not_found", none.body().getString("error"));
            assertFalse(join(alice, "lobby", null).containsKey("members"), "nor members in its join reply");
        }
    }

    @Test
    void thePresenceOfAPrivateRoomIsListedOnlyToCallersWhoMayJoinIt() {
        String tenant = "private-presence-" + UUID.randomUUID();
        try (WsClient alice = WsClient.connect(base, Tokens.withRooms(tenant, "alice", "private-conv-*"),
                WsClient.param("rooms", "private-conv-9"))) {
            assertEquals(List.of("alice:1"), names(join(alice, "conv-4", null).getJsonArray("members")), "alice is connected");

            Api.Answer granted = Api.get(base, "api/v1/rooms/private-conv-9/presence", Tokens.withRooms(tenant, "reader", "private-conv-9"));
            assertEquals(200, granted.status(), granted.toString());
            assertEquals(List.of("alice:1"), names(granted.body().getJsonArray("members")));

            Api.Answer refused = Api.get(base, "api/v1/rooms/private-conv-9/presence", Tokens.user(tenant, "reader"));
            assertEquals(403, refused.status(), "no grant: its members are as private as its events");
            assertEquals("forbidden", refused.body().getString("error"));
            assertFalse(refused.body().toString().contains("alice"), refused.toString());
        }
    }

    /**
     * Joins and returns the reply's data. A {@code presence} frame of the room may come first: a change announced just
     * as this connection joined reaches it too, and the reply's members already show it (the README says so); any
     * other frame first fails.
     */
    static JsonObject join(WsClient c, String room, String meta) {
        String ref = "j-" + room;
        c.send("{\"action\":\"join\",\"room\":\"" + room + "\",\"ref\":\"" + ref + "\""
                + (meta == null ? "" : ",\"meta\":" + meta) + "}");
        List<JsonObject> early = new java.util.ArrayList<>();
        JsonObject reply = c.next();
        for (int i = 0; i < 100 && !ref.equals(reply.getString("ref", null)); i++) {
            assertEquals("presence", reply.getString("type"), "before the reply to the join of " + room + ": " + reply);
            assertEquals(room, reply.getString("room"), reply.toString());
            early.add(reply);
            reply = c.next();
        }
        assertEquals("reply", reply.getString("type"), reply.toString());
        JsonObject data = reply.getJsonObject("data");
        for (JsonObject p : early) {
            if ("join".equals(p.getString("state"))) {
                assertTrue(members(data).stream().anyMatch(m -> m.startsWith(p.getString("user") + ":")),
                        "a join announced before the reply is among its members: " + p + " " + data);
            }
        }
        return data;
    }

    static List<String> members(JsonObject joinData) {
        return names(joinData.getJsonArray("members"));
    }

    static List<String> names(JsonArray members) {
        return members.stream().map(JsonObject.class::cast).map(m -> m.getString("user") + ":" + m.getInt("devices")).toList();
    }

    static void assertPresence(JsonObject f, String room, String user, String state) {
        assertEquals("presence", f.getString("type"), f.toString());
        assertEquals(room, f.getString("room"), f.toString());
        assertEquals(user, f.getString("user"), f.toString());
        assertEquals(state, f.getString("state"), f.toString());
        assertTrue(f.containsKey("meta") && !f.containsKey("id"), "meta, no id: " + f);
    }

    private static void assertStatus(JsonObject f, String user, String state) {
        assertEquals("user:status", f.getString("type"), f.toString());
        assertEquals(user, f.getString("user"), f.toString());
        assertEquals(state, f.getString("state"), f.toString());
    }

    private List<String> awaitSeen(String tenant, java.util.function.Predicate<String> until) throws Exception {
        return awaitSeen(base, tenant, until);
    }

    /** @return what {@link PresenceProbe} on {@code base} saw for the tenant, once one entry matches {@code until} (or after 15 s) */
    static List<String> awaitSeen(URL base, String tenant, java.util.function.Predicate<String> until) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/test/presence?tenant=" + tenant)).build(),
                    HttpResponse.BodyHandlers.ofString());
            try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
                seen = reader.readArray().stream().map(v -> ((JsonString) v).getString()).toList();
            }
            if (seen.stream().anyMatch(until)) {
                return seen;
            }
            Thread.sleep(100);
        }
        return seen;
    }
}
