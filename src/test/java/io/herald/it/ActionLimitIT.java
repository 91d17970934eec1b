package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inbound actions per connection: past the burst a frame is answered {@code rate_limited} (its ref echoed) and not
 * carried out; after the configured number of refusals in a row the connection is closed with 4429. A bystander of
 * the same tenant keeps receiving.
 */
@ExtendWith(ArquillianExtension.class)
class ActionLimitIT {

    static final int BURST = 5;
    static final int STRIKES = 3;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.limits.actions-per-minute", "1",
                "herald.limits.action-burst", String.valueOf(BURST), "herald.limits.action-strikes", String.valueOf(STRIKES)));
    }

    @Test
    void pastItsBurstAFrameGetsRateLimitedAndSustainedAbuseCloses4429() {
        String tenant = "actions-" + UUID.randomUUID();
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"));
             WsClient flooder = WsClient.connect(base, Tokens.user(tenant, "flooder"))) {
            for (int i = 0; i < BURST; i++) {
                assertEquals("pong", flooder.request("p" + i, "{\"action\":\"ping\",\"ref\":\"p" + i + "\"}").getString("type"));
            }
            for (int i = 1; i < STRIKES; i++) {
                JsonObject refused = flooder.request("x" + i, "{\"action\":\"join\",\"room\":\"r\",\"ref\":\"x" + i + "\"}");
                assertEquals("error", refused.getString("type"));
                assertEquals("rate_limited", refused.getString("code"), refused.toString());
            }
            flooder.send("{\"action\":\"ping\",\"ref\":\"last\"}");
            assertEquals(4429, flooder.awaitClose(Duration.ofSeconds(15)), "sustained: closed");

            Api.publish(base, tenant, "{\"type\":\"still.here\"}");
            assertEquals("still.here", bystander.nextEvent().getString("type"), "the bystander keeps receiving");
            JsonObject info = bystander.request("i", "{\"action\":\"info\",\"ref\":\"i\"}");
            assertEquals("reply", info.getString("type"), "the bystander's own frames are not limited by the flooder's");
        }
    }
}
