package io.herald.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Issue 27, acceptance 1 and the first half of 2, for any backend: two running Herald nodes {@link #a} and {@link #b}
 * (started by the subclass, with {@link TxProbe} in the WAR, and shared by its tests), each test on tenants of its
 * own. Orders 1 to 4; a subclass's own tests come after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoNodeClusterTests {

    HeraldNode a;
    HeraldNode b;

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
}
