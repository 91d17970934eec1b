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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials on the upgrade and on the HTTP API. */
@ExtendWith(ArquillianExtension.class)
class HandshakeAuthIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

    @Test
    void missingBadSignatureExpiredAndTenantlessTokensGet401BeforeTheUpgrade() throws Exception {
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), null));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, WsClient.param("access_token", Tokens.signedByForeignKey("t", "u"))), null));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, WsClient.param("access_token", Tokens.expired("t", "u"))), null));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, WsClient.param("access_token", Tokens.withoutTenant("u"))), null));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), Tokens.expired("t", "u")));
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, WsClient.param("access_token", "not.a.jwt")), null));

        String raw = RawWebSocket.upgradeAnswer(base, "access_token=" + Tokens.expired("t", "u"));
        assertTrue(raw.startsWith("HTTP/1.1 401"), raw);
        assertTrue(raw.contains("\"error\":\"unauthorized\"") && raw.contains("expired"), "JSON body says why: " + raw);
    }

    @Test
    void bearerHeaderAndAccessTokenBothAuthenticateTheSameCaller() {
        String tenant = "auth-" + UUID.randomUUID();
        try (WsClient header = WsClient.open(WsClient.uri(base, null), Tokens.user(tenant, "hdr"), null);
             WsClient query = WsClient.connect(base, Tokens.user(tenant, "qry"))) {
            JsonObject welcome = header.expectType("welcome");
            assertEquals("hdr", welcome.getString("user"));
            assertEquals(tenant, welcome.getString("tenant"));
            assertEquals("qry", query.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data").getString("user"));
        }
    }

    @Test
    void concurrentHandshakesNeverSwapIdentities() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<String>> checks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String tenant = "swap-" + (i % 8);
                String user = "user-" + i;
                checks.add(CompletableFuture.supplyAsync(() -> {
                    try (WsClient c = WsClient.open(WsClient.uri(base, WsClient.param("access_token", Tokens.user(tenant, user))), null, null)) {
                        JsonObject w = c.expectType("welcome");
                        return w.getString("tenant") + "/" + w.getString("user") + " expected " + tenant + "/" + user;
                    }
                }, pool));
            }
            for (CompletableFuture<String> check : checks) {
                String[] seen = check.get(60, TimeUnit.SECONDS).split(" expected ");
                assertEquals(seen[1], seen[0]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void httpApiRequiresAPublisherCredential() {
        String body = "{\"type\":\"x.y\"}";
        Api.Answer none = Api.post(base, "api/v1/events", null, body);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.body().getString("error"));
        assertEquals(401, Api.post(base, "api/v1/events", Tokens.signedByForeignKey("t", "u"), body).status());
        Api.Answer user = Api.post(base, "api/v1/events", Tokens.user("t", "u"), body);
        assertEquals(403, user.status());
        assertEquals("forbidden", user.body().getString("error"));
        assertEquals(403, Api.get(base, "api/v1/stats", Tokens.user("t", "u")).status());
    }
}
