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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections per user and per tenant: past either quota the upgrade is answered 403 with the contract's body, a
 * closed connection gives its place back, and a bystander of the tenant keeps receiving meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionLimitIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.limits.connections-per-user", "2", "herald.limits.connections-per-tenant", "4"));
    }

    @Test
    void pastTheUsersOrTheTenantsQuotaTheUpgradeGets403AndAClosedConnectionGivesItsPlaceBack() throws Exception {
        String tenant = "quota-" + UUID.randomUUID();
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"));
             WsClient a1 = WsClient.connect(base, Tokens.user(tenant, "a"));
             WsClient a2 = WsClient.connect(base, Tokens.user(tenant, "a"))) {
            String userFull = RawWebSocket.upgradeAnswer(base, "access_token=" + Tokens.user(tenant, "a"), "");
            assertTrue(userFull.startsWith("HTTP/1.1 403") && userFull.contains("connections per user"), userFull);

            try (WsClient b = WsClient.connect(base, Tokens.user(tenant, "b"))) {
                String tenantFull = RawWebSocket.upgradeAnswer(base, "access_token=" + Tokens.user(tenant, "c"), "");
                assertTrue(tenantFull.startsWith("HTTP/1.1 403") && tenantFull.contains("connections per tenant"), tenantFull);
                Api.publish(base, tenant, "{\"type\":\"still.here\"}");
                assertEquals("still.here", bystander.nextEvent().getString("type"), "the bystander keeps receiving");
            }
            a2.close();
            assertTrue(upgradesWithin(tenant, "a", 10), "a closed connection gives its place back");
        }
    }

    /** Tries the upgrade until it is accepted (the close is processed by the server a moment later), for at most a bound. */
    private boolean upgradesWithin(String tenant, String user, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            if (RawWebSocket.upgradeStatus(base, "access_token=" + Tokens.user(tenant, user), "").contains(" 101")) {
                return true;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
