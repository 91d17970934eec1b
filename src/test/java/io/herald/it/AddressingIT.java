package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Room, user and type-filter addressing each reach exactly the intended sessions. Absence is proven with a fence:
 * after the addressed event, a tenant-wide event is published; outboxes are FIFO, so a session the addressed event
 * was queued for reads it before the fence, and any other session reads the fence first.
 */
@ExtendWith(ArquillianExtension.class)
class AddressingIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

    private final String tenant = "addr-" + UUID.randomUUID();

    @Test
    void roomEventReachesMembersJoinedAtConnectOrByActionAndNobodyElse() {
        try (WsClient atConnect = WsClient.connect(base, Tokens.user(tenant, "u1"), "rooms=conv-7,other");
             WsClient byAction = WsClient.connect(base, Tokens.user(tenant, "u2"));
             WsClient outsider = WsClient.connect(base, Tokens.user(tenant, "u3"), "rooms=other")) {
            JsonObject joined = byAction.request("j1", "{\"action\":\"join\",\"ref\":\"j1\",\"room\":\"conv-7\"}");
            assertEquals("reply", joined.getString("type"));
            assertTrue(joined.getBoolean("ok"));
            assertEquals("conv-7", joined.getJsonObject("data").getString("room"));

            JsonObject r = Api.publish(base, tenant, "{\"type\":\"message:new\",\"room\":\"conv-7\",\"data\":{\"text\":\"hi\"}}");
            assertEquals(2, r.getInt("recipients"));
            String fence = fence();
            for (WsClient member : new WsClient[]{atConnect, byAction}) {
                JsonObject e = member.nextEvent();
                assertEquals(r.getString("id"), e.getString("id"));
                assertEquals("conv-7", e.getString("room"));
                assertEquals(fence, member.nextEvent().getString("id"));
            }
            assertEquals(fence, outsider.nextEvent().getString("id"));
        }
    }

    @Test
    void leftRoomNoLongerReceives() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"), "rooms=conv-1")) {
            JsonObject left = c.request("l1", "{\"action\":\"leave\",\"ref\":\"l1\",\"room\":\"conv-1\"}");
            assertEquals("reply", left.getString("type"));
            assertEquals(0, Api.publish(base, tenant, "{\"type\":\"message:new\",\"room\":\"conv-1\"}").getInt("recipients"));
            String fence = fence();
            assertEquals(fence, c.nextEvent().getString("id"));
        }
    }

    @Test
    void userEventReachesEveryDeviceOfThatUserOnly() {
        try (WsClient phone = WsClient.connect(base, Tokens.user(tenant, "alice"));
             WsClient laptop = WsClient.connect(base, Tokens.user(tenant, "alice"));
             WsClient bob = WsClient.connect(base, Tokens.user(tenant, "bob"))) {
            JsonObject r = Api.publish(base, tenant, "{\"type\":\"notification\",\"user\":\"alice\",\"data\":{\"title\":\"t\"}}");
            assertEquals(2, r.getInt("recipients"));
            String fence = fence();
            for (WsClient device : new WsClient[]{phone, laptop}) {
                assertEquals(r.getString("id"), device.nextEvent().getString("id"));
                assertEquals(fence, device.nextEvent().getString("id"));
            }
            assertEquals(fence, bob.nextEvent().getString("id"));
        }
    }

    @Test
    void typeFilterWithPrefixWildcardSelectsTypes() {
        try (WsClient alerts = WsClient.connect(base, Tokens.user(tenant, "u1"), "types=alert.*");
             WsClient faces = WsClient.connect(base, Tokens.user(tenant, "u2"));
             WsClient everything = WsClient.connect(base, Tokens.user(tenant, "u3"))) {
            JsonObject sub = faces.request("s1", "{\"action\":\"subscribe\",\"ref\":\"s1\",\"types\":[\"face.registered\",\"fence\"]}");
            assertEquals("reply", sub.getString("type"));

            String alert = Api.publish(base, tenant, "{\"type\":\"alert.triggered\"}").getString("id");
            String face = Api.publish(base, tenant, "{\"type\":\"face.registered\"}").getString("id");
            String deleted = Api.publish(base, tenant, "{\"type\":\"face.deleted\"}").getString("id");
            String fence = Api.publish(base, tenant, "{\"type\":\"alert.fence\"}").getString("id");

            assertEquals(alert, alerts.nextEvent().getString("id"));
            assertEquals(fence, alerts.nextEvent().getString("id"), "alert.* matches alert.fence, not face.*");
            assertEquals(face, faces.nextEvent().getString("id"));
            assertEquals(fence(), faces.nextEvent().getString("id"), "face.deleted and alert.* filtered out");
            for (String id : new String[]{alert, face, deleted, fence}) {
                assertEquals(id, everything.nextEvent().getString("id"), "no subscription: every type");
            }
        }
    }

    @Test
    void unsubscribeRemovesAPattern() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"), "types=alert.*,fence")) {
            JsonObject reply = c.request("u", "{\"action\":\"unsubscribe\",\"ref\":\"u\",\"types\":[\"alert.*\"]}");
            assertEquals("[\"fence\"]", reply.getJsonObject("data").getJsonArray("types").toString());
            Api.publish(base, tenant, "{\"type\":\"alert.triggered\"}");
            assertEquals(fence(), c.nextEvent().getString("id"));
        }
    }

    private String fence() {
        return Api.publish(base, tenant, "{\"type\":\"fence\"}").getString("id");
    }
}
