package io.herald.it;

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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades per remote address and HTTP publishes per tenant are token buckets: past them, 429 with
 * {@code Retry-After} and {@code rate_limited}, while a bystander session of the same tenant keeps receiving and
 * another tenant keeps publishing.
 */
@ExtendWith(ArquillianExtension.class)
class RateLimitIT {

    static final int UPGRADE_BURST = 4;
    static final int PUBLISH_BURST = 5;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of(
                "herald.limits.upgrades-per-second", "0.1", "herald.limits.upgrade-burst", String.valueOf(UPGRADE_BURST),
                "herald.limits.publishes-per-second", "0.1", "herald.limits.publish-burst", String.valueOf(PUBLISH_BURST)));
    }

    @Test
    void pastItsBurstAnAddressGets429OnUpgradeAndATenant429OnPublishWhileABystanderReceives() throws Exception {
        String tenant = "limited-" + UUID.randomUUID();
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"))) {
            String token = "access_token=" + Tokens.user(tenant, "u");
            for (int i = 1; i < UPGRADE_BURST; i++) {
                assertTrue(RawWebSocket.upgradeStatus(base, token, "").contains(" 101"), "upgrade " + i + " is within the burst");
            }
            String refused = RawWebSocket.upgradeAnswer(base, token, "");
            assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
            assertTrue(refused.contains("\"error\":\"rate_limited\"") && refused.matches("(?s).*Retry-After: *[1-9].*"), refused);

            for (int n = 0; n < PUBLISH_BURST; n++) {
                Api.publish(base, tenant, "{\"type\":\"ok\",\"data\":{\"n\":" + n + "}}");
            }
            Api.Answer limited = Api.tryPublish(base, tenant, "{\"type\":\"too.many\"}");
            assertEquals(429, limited.status(), limited.toString());
            assertEquals("rate_limited", limited.body().getString("error"));
            assertNotNull(limited.retryAfter(), "Retry-After is set");
            assertEquals(202, Api.tryPublish(base, "other-" + UUID.randomUUID(), "{\"type\":\"ok\"}").status(),
                    "another tenant has its own rate");
            for (int n = 0; n < PUBLISH_BURST; n++) {
                assertEquals(n, bystander.nextEvent().getJsonObject("data").getInt("n"), "the bystander keeps receiving");
            }
        }
    }
}
