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

/** CDI events fired by an EJB are delivered after commit, never after rollback. */
@ExtendWith(ArquillianExtension.class)
class TransactionalPublishIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(TxProbe.class, TxProbe.ProbeRegistered.class);
    }

    @Test
    void committedEventIsDeliveredAndRolledBackOneIsNot() {
        String tenant = "tx-" + UUID.randomUUID();
        try (WsClient client = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            assertEquals(200, Api.post(base, "api/v1/test/tx/rollback?tenant=" + tenant + "&marker=rolled-back", null, "").status());
            assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + tenant + "&marker=committed", null, "").status());

            // the rollback was fired first: had it been delivered, it would be read first
            JsonObject event = client.nextEvent();
            assertEquals("probe.registered", event.getString("type"));
            assertEquals(tenant, event.getString("tenant"));
            assertEquals("committed", event.getJsonObject("data").getString("marker"));
            String fence = Api.publish(base, tenant, "{\"type\":\"fence\"}").getString("id");
            assertEquals(fence, client.nextEvent().getString("id"));
        }
    }
}
