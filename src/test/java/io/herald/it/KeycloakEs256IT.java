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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm of {@link KeycloakIT} (the same Keycloak, shared by the test JVM) with Herald configured as an operator
 * whose realm signs ES256 would: {@code mp.jwt.verify.publickey.algorithm=ES256}. Its ES256 tokens are accepted, the
 * RS256 ones refused: one Herald accepts one algorithm, as MicroProfile JWT's key names it.
 */
@ExtendWith(ArquillianExtension.class)
class KeycloakEs256IT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Keycloak keycloak = Keycloak.shared();
        return HeraldDeployment.war(Map.of(
                "mp.jwt.verify.publickey.location", keycloak.jwksUri(),
                "mp.jwt.verify.issuer", keycloak.issuer(),
                "mp.jwt.verify.publickey.algorithm", "ES256"));
    }

    @Test
    void es256TokensAreAcceptedAndRs256OnesRefused() {
        String es = Keycloak.shared().token("herald-es", "bob");
        assertEquals("ES256", Keycloak.header(es).getString("alg"));
        try (WsClient c = WsClient.open(WsClient.uri(base, null), es, null)) {
            JsonObject welcome = c.expectType("welcome");
            assertEquals("tenant-b", welcome.getString("tenant"));
            assertEquals(202, Api.post(base, "api/v1/events", Keycloak.shared().token("herald-es", "pub-b"),
                    "{\"type\":\"kc.es\"}").status());
            assertEquals("kc.es", c.expectType("kc.es").getString("type"));
        }

        String rs = Keycloak.shared().token("herald", "bob");
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), rs));
        Api.Answer refused = Api.post(base, "api/v1/events", Keycloak.shared().token("herald", "pub-b"), "{\"type\":\"kc.rs\"}");
        assertEquals(401, refused.status());
        assertTrue(refused.body().getString("message").contains("RS256 refused: only ES256 is accepted"), refused.toString());
    }
}
