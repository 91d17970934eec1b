package io.herald.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms named {@code private-*} need authorization, on {@code join} and on {@code ?rooms=} at connect: a grant in the
 * token's {@code rooms} claim, or an application's {@code RoomAuthorizer} bean ({@link OwnRoomAuthorizer}, deployed
 * with this test). Refused → {@code error forbidden} with the ref, membership unchanged, the session keeps receiving
 * its tenant's events; at connect → HTTP 403 {@code forbidden} before the upgrade. An authorizer that throws is a
 * refusal, never a server error, and nothing is logged at SEVERE/ERROR. Publishing into a private room over HTTP is
 * unchanged.
 */
@ExtendWith(ArquillianExtension.class)
class PrivateRoomIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(OwnRoomAuthorizer.class);
    }

    private static ServerLog log;

    @BeforeAll
    static void watchTheServerLog() throws Exception {
        log = ServerLog.watch();
    }

    @AfterAll
    static void nothingWasLoggedAtSevere() throws Exception {
        log.assertNothingSevereAndClose("rooms were refused");
    }

    @Test
    void aGrantedRoomIsJoinedAndItsEventsArriveWhileAnUngrantedSessionIsRefusedAndKeepsItsTenantEvents() {
        String tenant = "private-" + UUID.randomUUID();
        try (WsClient member = WsClient.connect(base, Tokens.withRooms(tenant, "member", "private-team-*"));
             WsClient outsider = WsClient.connect(base, Tokens.user(tenant, "outsider"))) {
            JsonObject joined = member.request("j", "{\"action\":\"join\",\"room\":\"private-team-7\",\"ref\":\"j\"}");
            assertEquals("reply", joined.getString("type"), joined.toString());
            assertEquals(List.of("private-team-7"), rooms(joined.getJsonObject("data")));

            JsonObject refused = outsider.request("k", "{\"action\":\"join\",\"room\":\"private-team-7\",\"ref\":\"k\"}");
            assertEquals("error", refused.getString("type"), refused.toString());
            assertEquals("forbidden", refused.getString("code"));
            assertEquals(List.of(), rooms(outsider.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data")),
                    "membership unchanged");
            JsonObject open = outsider.request("o", "{\"action\":\"join\",\"room\":\"team-7\",\"ref\":\"o\"}");
            assertEquals("reply", open.getString("type"), "a room without the prefix stays open: " + open);

            String inRoom = Api.publish(base, tenant, "{\"type\":\"secret\",\"room\":\"private-team-7\"}").getString("id");
            String everyone = Api.publish(base, tenant, "{\"type\":\"for.all\"}").getString("id");
            assertEquals(inRoom, member.nextEvent().getString("id"), "the member receives the private room's event");
            assertEquals(everyone, member.nextEvent().getString("id"));
            assertEquals(everyone, outsider.nextEvent().getString("id"),
                    "the outsider keeps receiving its tenant's events, and not the private room's (it would come first)");
        }
    }

    @Test
    void anApplicationAuthorizerAllowsByItsRuleRefusesOtherwiseAndOneThatThrowsIsARefusal() {
        String tenant = "private-" + UUID.randomUUID();
        try (WsClient alice = WsClient.connect(base, Tokens.user(tenant, "alice"))) {
            JsonObject own = alice.request("a", "{\"action\":\"join\",\"room\":\"private-user-alice\",\"ref\":\"a\"}");
            assertEquals("reply", own.getString("type"), own.toString());
            JsonObject other = alice.request("b", "{\"action\":\"join\",\"room\":\"private-user-bob\",\"ref\":\"b\"}");
            assertEquals("forbidden", other.getString("code", other.toString()));
            JsonObject broken = alice.request("c", "{\"action\":\"join\",\"room\":\"private-broken-1\",\"ref\":\"c\"}");
            assertEquals("forbidden", broken.getString("code", broken.toString()), "a throwing authorizer refuses");
            assertEquals(List.of("private-user-alice"), rooms(alice.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data")));

            String bobs = Api.publish(base, tenant, "{\"type\":\"for.bob\",\"room\":\"private-user-bob\"}").getString("id");
            String alices = Api.publish(base, tenant, "{\"type\":\"for.alice\",\"room\":\"private-user-alice\"}").getString("id");
            assertFalse(bobs.equals(alices));
            assertEquals(alices, alice.nextEvent().getString("id"), "alice gets her room's event, not bob's");
            assertFalse(alice.isClosed(), "never a 1011");
        }
    }

    @Test
    void atConnectAPrivateRoomNotAllowedRefusesTheUpgradeWith403AndAnAllowedOneIsJoined() throws Exception {
        String tenant = "private-" + UUID.randomUUID();
        String refusal = RawWebSocket.upgradeAnswer(base, WsClient.param("rooms", "lobby,private-team-7")
                + "&" + WsClient.param("access_token", Tokens.user(tenant, "outsider")));
        assertTrue(refusal.startsWith("HTTP/1.1 403"), refusal);
        assertTrue(refusal.contains("\"forbidden\"") && refusal.contains("private-team-7"), refusal);

        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"));
             WsClient member = WsClient.connect(base, Tokens.withRooms(tenant, "member", "private-team-7"),
                     WsClient.param("rooms", "lobby,private-team-7"));
             WsClient alice = WsClient.connect(base, Tokens.user(tenant, "alice"), WsClient.param("rooms", "private-user-alice"))) {
            assertEquals(List.of("lobby", "private-team-7"), rooms(member.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data")));
            assertEquals(List.of("private-user-alice"), rooms(alice.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data")));
            assertEquals(403, WsClient.refusedStatus(WsClient.uri(base, WsClient.param("rooms", "private-user-bob")), Tokens.user(tenant, "alice")),
                    "the authorizer's refusal at connect");

            String id = Api.publish(base, tenant, "{\"type\":\"team\",\"room\":\"private-team-7\"}").getString("id");
            assertEquals(id, member.nextEvent().getString("id"));
            String all = Api.publish(base, tenant, "{\"type\":\"for.all\"}").getString("id");
            assertEquals(all, bystander.nextEvent().getString("id"), "the bystander keeps receiving");
            assertEquals(all, alice.nextEvent().getString("id"));
        }
    }

    private static List<String> rooms(JsonObject data) {
        return data.getJsonArray("rooms").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
