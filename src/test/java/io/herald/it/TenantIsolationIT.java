package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class TenantIsolationIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

    @Test
    void eventOfTenantAReachesOnlyTenantA() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        try (WsClient a1 = WsClient.connect(base, Tokens.user(a, "ann"));
             WsClient a2 = WsClient.connect(base, Tokens.user(a, "al"));
             WsClient b1 = WsClient.connect(base, Tokens.user(b, "bob"))) {

            JsonObject receipt = Api.publish(base, a, "{\"type\":\"face.registered\",\"data\":{\"face_id\":\"f1\"}}");
            assertEquals(2, receipt.getInt("recipients"));

            for (WsClient client : new WsClient[]{a1, a2}) {
                JsonObject event = client.nextEvent();
                assertEquals("face.registered", event.getString("type"));
                assertEquals(receipt.getString("id"), event.getString("id"));
                assertEquals(a, event.getString("tenant"));
                assertTrue(event.isNull("room"), "room is written as null: " + event);
                assertEquals("f1", event.getJsonObject("data").getString("face_id"));
                Instant.parse(event.getString("timestamp"));
            }
            // a fence event for B: B's outbox is FIFO, so had A's event been queued for B it would come first
            JsonObject fence = Api.publish(base, b, "{\"type\":\"fence\"}");
            assertEquals(fence.getString("id"), b1.nextEvent().getString("id"));
        }
    }

    @Test
    void publishBodyClaimingAnotherTenantIsRefusedAndDeliversNothing() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        try (WsClient b1 = WsClient.connect(base, Tokens.user(b, "bob"))) {
            Api.Answer answer = Api.post(base, "api/v1/events", Tokens.publisher(a),
                    "{\"type\":\"alert.triggered\",\"tenant\":\"" + b + "\",\"data\":{}}");
            assertEquals(403, answer.status());
            assertEquals("forbidden", answer.body().getString("error"));
            assertFalse(answer.body().getString("message").isBlank());

            JsonObject fence = Api.publish(base, b, "{\"type\":\"fence\"}");
            assertEquals(fence.getString("id"), b1.nextEvent().getString("id"));
        }
    }

    @Test
    void publishBodyNamingItsOwnTenantIsAccepted() {
        String a = "a-" + UUID.randomUUID();
        try (WsClient a1 = WsClient.connect(base, Tokens.user(a, "ann"))) {
            JsonObject receipt = Api.publish(base, a, "{\"type\":\"alert.triggered\",\"tenant\":\"" + a + "\",\"data\":{\"n\":1}}");
            assertEquals(receipt.getString("id"), a1.nextEvent().getString("id"));
        }
    }

    /**
     * The JSF page has no login: outside dev mode its server-side board (read from the log) shows no tenant's events,
     * renders no socket and says the page needs a token. Two looks with a registration between them: the second is
     * what the board would show in dev mode.
     */
    @Test
    void outsideDevModeTheJsfPageShowsNoTenantsEventsAndSaysItNeedsAToken() throws Exception {
        String a = "a-" + UUID.randomUUID();
        String page = "pages/faces.xhtml?tenant=" + a;
        assertEquals(200, get(page).statusCode());
        Api.publish(base, a, "{\"type\":\"face.registered\",\"data\":{\"face_id\":\"secret-face\"}}");
        HttpResponse<String> second = get(page);
        assertEquals(200, second.statusCode());
        assertTrue(second.body().contains("This page needs a token"), second.body());
        assertFalse(second.body().contains("secret-face"), "the board showed the tenant's event: " + second.body());
        assertFalse(second.body().contains("herald.js"), "a socket was rendered: " + second.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toExternalForm()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
