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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed frame or body gets the contract's error, and the connection stays usable. */
@ExtendWith(ArquillianExtension.class)
class BadInputIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

    private final String tenant = "bad-" + UUID.randomUUID();

    @Test
    void badJsonAndUnknownActionGetErrorFramesAndTheConnectionStillAnswersPing() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            c.send("{not json");
            JsonObject badJson = c.expectType("error");
            assertEquals("bad_json", badJson.getString("code"));
            assertFalse(badJson.getString("message").isBlank());

            JsonObject unknown = c.request("r1", "{\"action\":\"fly\",\"ref\":\"r1\"}");
            assertEquals("error", unknown.getString("type"));
            assertEquals("bad_frame", unknown.getString("code"));
            assertTrue(unknown.getString("message").contains("fly"));

            JsonObject pong = c.request("p1", "{\"action\":\"ping\",\"ref\":\"p1\"}");
            assertEquals("pong", pong.getString("type"));
            assertFalse(c.isClosed());
        }
    }

    /**
     * JSON may escape a lone UTF-16 surrogate ({@code "\\uD800"}), which has no UTF-8 form. Found by FuzzIT: echoed
     * in a ref or an error message, it made the server's send of the answer never complete (Payara), so the
     * connection answered nothing more and was closed as a slow consumer 10 s later.
     */
    @Test
    void aLoneSurrogateInARefOrAnActionIsAnsweredAndTheConnectionStillAnswers() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            c.send("{\"action\":\"ping\",\"ref\":\"a\\uD800b\"}");
            JsonObject pong = c.next();
            assertEquals("pong", pong.getString("type"), pong.toString());
            c.send("{\"action\":\"fly\\uDC00\",\"ref\":\"x\"}");
            JsonObject unknown = c.next();
            assertEquals("bad_frame", unknown.getString("code"), unknown.toString());
            assertEquals("pong", c.request("p", "{\"action\":\"ping\",\"ref\":\"p\"}").getString("type"));
        }
    }

    /** The same over HTTP: a publisher's lone surrogate would stall every recipient's send. */
    @Test
    void aLoneSurrogateInAPublishedEventReachesItsRecipients() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            String id = Api.publish(base, tenant, "{\"type\":\"odd\",\"data\":{\"s\":\"x\\uDBFF\"}}").getString("id");
            JsonObject event = c.nextEvent();
            assertEquals(id, event.getString("id"));
            assertEquals("x\uDBFF", event.getJsonObject("data").getString("s"));
        }
    }

    @Test
    void illTypedOrMissingFieldsAreBadFrames() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            for (String frame : new String[]{
                    "[1,2]",
                    "{\"ref\":\"x\"}",
                    "{\"action\":\"join\",\"ref\":\"x\"}",
                    "{\"action\":\"join\",\"ref\":\"x\",\"room\":42}",
                    "{\"action\":\"join\",\"ref\":\"x\",\"room\":\"has space\"}",
                    "{\"action\":\"subscribe\",\"ref\":\"x\",\"types\":\"alert.*\"}",
                    "{\"action\":\"subscribe\",\"ref\":\"x\",\"types\":[]}",
                    "{\"action\":\"subscribe\",\"ref\":\"x\",\"types\":[\"a*b\"]}",
                    "{\"action\":42,\"ref\":\"x\"}"}) {
                c.send(frame);
                JsonObject error = c.expectType("error");
                assertEquals("bad_frame", error.getString("code"), frame + " → " + error);
            }
            JsonObject notMember = c.request("l", "{\"action\":\"leave\",\"ref\":\"l\",\"room\":\"nowhere\"}");
            assertEquals("not_found", notMember.getString("code"));
            assertEquals("pong", c.request("p", "{\"action\":\"ping\",\"ref\":\"p\"}").getString("type"));
        }
    }

    @Test
    void badConnectParametersGetErrorFramesAfterWelcome() {
        try (WsClient c = WsClient.connect(base, Tokens.user(tenant, "u1"), "rooms=ok,bad%20room", "types=a*b")) {
            assertEquals("bad_frame", c.expectType("error").getString("code"));
            assertEquals("bad_frame", c.expectType("error").getString("code"));
            JsonObject info = c.request("i", "{\"action\":\"info\",\"ref\":\"i\"}");
            assertEquals("[\"ok\"]", info.getJsonObject("data").getJsonArray("rooms").toString());
        }
    }

    @Test
    void badPublishBodiesGetJsonErrors() {
        String publisher = Tokens.publisher(tenant);
        assertError(Api.post(base, "api/v1/events", publisher, "{oops"), 400, "bad_json");
        assertError(Api.post(base, "api/v1/events", publisher, "[]"), 400, "bad_request");
        assertError(Api.post(base, "api/v1/events", publisher, "{\"data\":{}}"), 400, "bad_request");
        assertError(Api.post(base, "api/v1/events", publisher, "{\"type\":\"bad type\"}"), 400, "bad_request");
        assertError(Api.post(base, "api/v1/events", publisher, "{\"type\":\"ok\",\"room\":7}"), 400, "bad_request");
        assertError(Api.post(base, "api/v1/events", publisher,
                "{\"type\":\"big\",\"data\":\"" + "x".repeat(70_000) + "\"}"), 413, "too_large");
        assertError(Api.get(base, "api/v1/nothing-here", publisher), 404, "not_found");
    }

    private static void assertError(Api.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(code, answer.body().getString("error"), answer.toString());
        assertFalse(answer.body().getString("message", "").isBlank(), answer.toString());
    }
}
