package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance 1 of issue 23 against a real Keycloak (see {@link Keycloak}): Herald is pointed at the realm's JWKS URL
 * and issuer, as an operator would, in cookie mode ({@code mp.jwt.token.header=Cookie}) so that all three ways of
 * sending a token are shown on one deployment. RS256 (the default algorithm); {@link KeycloakEs256IT} is the same
 * realm with Herald configured for ES256.
 */
@ExtendWith(ArquillianExtension.class)
class KeycloakIT {

    static final String COOKIE = "herald-jwt";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Keycloak keycloak = Keycloak.shared(); // its port is known only now: the configuration is built after it
        return HeraldDeployment.war(Map.of(
                "mp.jwt.verify.publickey.location", keycloak.jwksUri(),
                "mp.jwt.verify.issuer", keycloak.issuer(),
                "mp.jwt.token.header", "Cookie",
                "mp.jwt.token.cookie", COOKIE,
                // a rotation is seen at the next token with the new kid; the default (30 s) would only slow the test
                "herald.jwt.jwks.refresh-min-interval", "PT1S"));
    }

    private static Keycloak keycloak() {
        return Keycloak.shared();
    }

    @Test
    void headerQueryAndCookieEachAuthenticateAKeycloakUser() {
        String token = keycloak().token("herald", "alice");
        String sub = Keycloak.claims(token).getString("sub");
        try (WsClient header = WsClient.open(WsClient.uri(base, null), token, null);
             WsClient query = WsClient.connect(base, token);
             WsClient cookie = WsClient.openWithHeaders(WsClient.uri(base, null),
                     Map.of("Cookie", "theme=dark; " + COOKIE + "=" + token))) {
            for (WsClient c : new WsClient[]{header, cookie}) {
                JsonObject welcome = c.expectType("welcome");
                assertEquals("tenant-a", welcome.getString("tenant"));
                assertEquals(sub, welcome.getString("user"));
            }
            assertEquals("tenant-a", query.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data").getString("tenant"));
        }
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), token + "x"), "a forged signature");
        Api.Answer user = Api.post(base, "api/v1/events", token, "{\"type\":\"x.y\"}");
        assertEquals(403, user.status(), "alice is not in the herald-publisher group");
    }

    @Test
    void publishersTokensReachTheirOwnTenantOnly() {
        String type = "kc." + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient a = WsClient.connect(base, keycloak().token("herald", "alice"), "types=" + type);
             WsClient b = WsClient.connect(base, keycloak().token("herald", "bob"), "types=" + type)) {
            String pubA = keycloak().token("herald", "pub-a");
            String pubB = keycloak().token("herald", "pub-b");
            assertEquals(202, Api.post(base, "api/v1/events", pubA, "{\"type\":\"" + type + "\",\"data\":{\"n\":\"a1\"}}").status());
            assertEquals(202, Api.post(base, "api/v1/events", pubB, "{\"type\":\"" + type + "\",\"data\":{\"n\":\"b1\"}}").status());

            JsonObject atA = a.expectType(type);
            assertEquals("tenant-a", atA.getString("tenant"));
            assertEquals("a1", atA.getJsonObject("data").getString("n"));
            JsonObject atB = b.expectType(type);
            assertEquals("tenant-b", atB.getString("tenant"));
            assertEquals("b1", atB.getJsonObject("data").getString("n"), "tenant-a's event, published first, never reached bob");
            Api.Answer foreign = Api.post(base, "api/v1/events", pubA, "{\"type\":\"" + type + "\",\"tenant\":\"tenant-b\"}");
            assertEquals(403, foreign.status(), "a tenant-a publisher cannot name tenant-b");
        }
    }

    @Test
    void aRotatedRealmKeyIsAcceptedWithoutARestartAndOldTokensStillAre() throws Exception {
        String before = keycloak().token("herald", "alice");
        WsClient.connect(base, before).close(); // Herald has fetched the realm's keys (if no other test did)
        Thread.sleep(1100); // past herald.jwt.jwks.refresh-min-interval
        String oldKid = Keycloak.kid(before);
        JsonObject oldProvider = keycloak().keyProviders().stream()
                .filter(p -> "rsa-generated".equals(p.getString("providerId")))
                .filter(p -> "true".equals(Keycloak.configValue(p, "active", "true")))
                .findFirst().orElseThrow();
        keycloak().addKeyProvider("rsa-rotated-" + UUID.randomUUID(), "rsa-generated", 1000, Map.of());
        keycloak().makePassive(oldProvider);

        String after = keycloak().token("herald", "alice");
        assertNotEquals(oldKid, Keycloak.kid(after), "Keycloak signs with the new key");
        try (WsClient fresh = WsClient.connect(base, after);
             WsClient old = WsClient.connect(base, before)) {
            assertEquals("tenant-a", fresh.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data").getString("tenant"));
            assertEquals("tenant-a", old.request("j", "{\"action\":\"info\",\"ref\":\"j\"}").getJsonObject("data").getString("tenant"));
        }
        assertEquals(202, Api.post(base, "api/v1/events", keycloak().token("herald", "pub-a"), "{\"type\":\"kc.rotated\"}").status());
    }

    @Test
    void anEs256TokenIsRefusedWhenHeraldIsConfiguredForRs256() {
        String es = keycloak().token("herald-es", "pub-a");
        assertEquals("ES256", Keycloak.header(es).getString("alg"));
        Api.Answer refused = Api.post(base, "api/v1/events", es, "{\"type\":\"kc.es\"}");
        assertEquals(401, refused.status());
        assertTrue(refused.body().getString("message").contains("ES256 refused: only RS256 is accepted"), refused.toString());
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, WsClient.param("access_token", es)), null));
    }
}
