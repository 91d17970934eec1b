package io.herald.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code herald.stats} feed over a plain WebSocket: an admin session that subscribes gets the node's figures
 * every second, as control frames; nobody else gets them, and only a {@code herald-admin} may subscribe. And the
 * sessions listing the admin page searches ({@code GET /api/v1/sessions}).
 */
@ExtendWith(ArquillianExtension.class)
class AdminFeedIT {

    static final String STATS = "herald.stats";
    /** Frames read while waiting for a stats frame that shows something (about one per second). */
    static final int MAX_FRAMES = 30;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // every type may be emitted: only the reservation keeps a client from emitting herald.stats
        return HeraldDeployment.war(java.util.Map.of("herald.emit.types", "*"));
    }

    @Test
    void anAdminSubscribedGetsTheFiguresOfEveryTenantEverySecondAndNobodyElseGetsThem() {
        String tenant = "feed-" + UUID.randomUUID();
        String quiet = "feed-quiet-" + UUID.randomUUID();
        try (WsClient admin = WsClient.connect(base, Tokens.admin());
             WsClient idleAdmin = WsClient.connect(base, Tokens.admin());
             WsClient u1 = WsClient.connect(base, Tokens.user(tenant, "u1"), "rooms=big");
             WsClient u2 = WsClient.connect(base, Tokens.user(tenant, "u2"), "rooms=big,small");
             WsClient everything = WsClient.connect(base, Tokens.user(quiet, "all"));
             WsClient star = WsClient.connect(base, Tokens.user(quiet, "star"), "types=*");
             WsClient prefix = WsClient.connect(base, Tokens.user(quiet, "prefix"), "types=herald.*")) {
            JsonObject reply = admin.request("s", "{\"action\":\"subscribe\",\"types\":[\"herald.stats\"],\"ref\":\"s\"}");
            assertEquals("reply", reply.getString("type"), reply.toString());

            JsonObject shown = awaitStats(admin, f -> tenantOf(f, tenant) != null
                    && tenantOf(f, tenant).getInt("connections") == 2 && room(f, tenant, "big") == 2);
            assertFalse(shown.containsKey("id"), "a control frame, not an event: " + shown);
            assertEquals(1, room(shown, tenant, "small"));
            assertTrue(shown.getJsonObject("node").getInt("connections") >= 7, shown.toString());

            for (int i = 0; i < 3; i++) {
                Api.publish(base, tenant, "{\"type\":\"feed.tick\",\"room\":\"big\"}");
            }
            for (int i = 0; i < 3; i++) {
                u1.nextEvent();
                u2.nextEvent();
            }
            // the interval that saw the deliveries has their latency (the counters are read one by one, so the
            // delivered count and the histogram may tell of the same write one frame apart)
            JsonObject busy = awaitStats(admin, f -> {
                JsonObject t = tenantOf(f, tenant);
                return t != null && t.containsKey("p99_ms");
            });
            JsonObject t = tenantOf(busy, tenant);
            assertTrue(busy.getJsonNumber("interval_ms").longValue() > 0, busy.toString());
            assertTrue(t.getJsonNumber("p99_ms").doubleValue() >= t.getJsonNumber("p50_ms").doubleValue(), t.toString());
            assertTrue(t.getJsonNumber("p99_ms").doubleValue() <= 10_000, "the largest finite bound at most: " + t);

            // two more frames to the admin mean a second and more in which a leak would have shown
            awaitStats(admin, f -> true);
            awaitStats(admin, f -> true);
            for (WsClient other : List.of(idleAdmin, u1, u2, everything, star, prefix)) {
                other.send("{\"action\":\"ping\",\"ref\":\"p\"}");
                for (JsonObject f = other.next(); !"pong".equals(f.getString("type")); f = other.next()) {
                    assertFalse(STATS.equals(f.getString("type")), "a stats frame to a session that may not have it: " + f);
                }
            }
        }
    }

    @Test
    void onlyAnAdminMaySubscribeToTheFeedAtConnectOrLater() {
        String tenant = "feed-" + UUID.randomUUID();
        try (WsClient user = WsClient.connect(base, Tokens.user(tenant, "u"), "rooms=r");
             WsClient publisher = WsClient.connect(base, Tokens.publisher(tenant));
             WsClient atConnect = WsClient.connect(base, Tokens.user(tenant, "c"), "types=herald.stats,feed.x")) {
            for (WsClient refused : List.of(user, publisher)) {
                JsonObject e = refused.request("s", "{\"action\":\"subscribe\",\"types\":[\"feed.y\",\"herald.stats\"],\"ref\":\"s\"}");
                assertEquals("error", e.getString("type"), e.toString());
                assertEquals("forbidden", e.getString("code"), e.toString());
                JsonObject info = refused.request("i", "{\"action\":\"info\",\"ref\":\"i\"}");
                assertEquals(0, info.getJsonObject("data").getJsonArray("types").size(), "the frame was not carried out: " + info);
            }
            JsonObject e = atConnect.expectType("error");
            assertEquals("forbidden", e.getString("code"), e.toString());
            JsonObject info = atConnect.request("i", "{\"action\":\"info\",\"ref\":\"i\"}");
            assertEquals("[\"feed.x\"]", info.getJsonObject("data").getJsonArray("types").toString(), "the rest applies: " + info);
            JsonObject emitted = user.request("m", "{\"action\":\"emit\",\"room\":\"r\",\"type\":\"herald.stats\",\"ref\":\"m\"}");
            assertEquals("forbidden", emitted.getString("code", ""), "no client can forge a stats frame: " + emitted);
        }
    }

    @Test
    void theSessionsOfAUserAreListedForAnAdminAndTheTenantsPublisherOnly() {
        String tenant = "feed-" + UUID.randomUUID();
        try (WsClient a = WsClient.connect(base, Tokens.user(tenant, "ann"), "rooms=r1", "types=x.*");
             WsClient b = WsClient.connect(base, Tokens.user(tenant, "ann"));
             WsClient bob = WsClient.connect(base, Tokens.user(tenant, "bob"))) {
            String path = "api/v1/sessions?user=ann&tenant=" + tenant;
            Api.Answer listed = Api.get(base, path, Tokens.admin());
            assertEquals(200, listed.status(), listed.toString());
            List<JsonObject> sessions = listed.body().getJsonArray("sessions").getValuesAs(JsonObject.class);
            assertEquals(2, sessions.size(), listed.toString());
            JsonObject first = sessions.stream().filter(s -> s.getJsonArray("rooms").size() == 1).findFirst().orElseThrow();
            assertEquals(tenant, first.getString("tenant"));
            assertEquals("ann", first.getString("user"));
            assertEquals("[\"r1\"]", first.getJsonArray("rooms").toString());
            assertEquals("[\"x.*\"]", first.getJsonArray("types").toString());
            assertNotNull(first.getString("connected_since"));
            assertFalse(first.containsKey("token") || first.containsKey("access_token"), first.toString());

            Api.Answer own = Api.get(base, "api/v1/sessions?user=ann", Tokens.publisher(tenant));
            assertEquals(2, own.body().getJsonArray("sessions").size(), own.toString());
            assertEquals(403, Api.get(base, path, Tokens.publisher("feed-other")).status());
            assertEquals(403, Api.get(base, path, Tokens.user(tenant, "bob")).status());
            assertEquals(400, Api.get(base, "api/v1/sessions?tenant=" + tenant, Tokens.admin()).status());
            assertEquals(JsonValue.EMPTY_JSON_ARRAY,
                    Api.get(base, "api/v1/sessions?user=nobody&tenant=" + tenant, Tokens.admin()).body().getJsonArray("sessions"));
        }
    }

    /** @return the next stats frame that {@code shows}, skipping others; fails after {@link #MAX_FRAMES} frames */
    static JsonObject awaitStats(WsClient admin, Predicate<JsonObject> shows) {
        for (int i = 0; i < MAX_FRAMES; i++) {
            JsonObject f = admin.next();
            if (STATS.equals(f.getString("type", "")) && shows.test(f)) {
                return f;
            }
        }
        return fail("no such " + STATS + " frame among " + MAX_FRAMES + " frames");
    }

    static JsonObject tenantOf(JsonObject stats, String tenant) {
        return stats.getJsonArray("tenants").getValuesAs(JsonObject.class).stream()
                .filter(t -> tenant.equals(t.getString("tenant"))).findFirst().orElse(null);
    }

    static int room(JsonObject stats, String tenant, String room) {
        return stats.getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                .filter(r -> tenant.equals(r.getString("tenant")) && room.equals(r.getString("room")))
                .mapToInt(r -> r.getInt("members")).findFirst().orElse(-1);
    }
}
