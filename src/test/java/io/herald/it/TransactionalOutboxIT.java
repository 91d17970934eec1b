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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 27, the transactional outbox ({@code herald.publish.outbox=on}) on the server's default datasource (H2 on
 * both servers): an EJB's event goes through the table when fired in its transaction, and not when fired outside
 * one. The outage and restart cases are {@link OutboxRecoveryIT}'s.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionalOutboxIT {

    static final String RELAYED = "herald_outbox_relayed_total";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.publish.outbox", "on"), TxProbe.class, TxProbe.ProbeRegistered.class);
    }

    @Test
    void aCommittedEventIsDeliveredOnceWithItsIdAndARolledBackOneNever() {
        String tenant = "outbox-" + UUID.randomUUID();
        try (WsClient client = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            String before = Api.publish(base, tenant, "{\"type\":\"before\"}").getString("id");
            assertEquals(before, client.nextEvent().getString("id"));
            assertEquals(200, Api.post(base, "api/v1/test/tx/rollback?tenant=" + tenant + "&marker=rolled-back", null, "").status());
            assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + tenant + "&marker=committed", null, "").status());

            // the rollback was fired first: had it been written to the table, it would be relayed first
            JsonObject committed = client.nextEvent();
            assertEquals("probe.registered", committed.getString("type"));
            assertEquals("committed", committed.getJsonObject("data").getString("marker"));
            String after = Api.publish(base, tenant, "{\"type\":\"after\"}").getString("id");
            assertEquals(after, client.nextEvent().getString("id"), "the committed event once, nothing else");

            try (WsClient resumed = WsClient.connect(base, Tokens.user(tenant, "u2"), "since=" + before)) {
                assertEquals(List.of(committed.getString("id"), after),
                        List.of(resumed.nextEvent().getString("id"), resumed.nextEvent().getString("id")),
                        "in the log once, under the id it was delivered with");
            }
        }
    }

    @Test
    void anEventFiredOutsideATransactionIsPublishedAtOnceNotThroughTheTable() throws Exception {
        String tenant = "outbox-" + UUID.randomUUID();
        try (WsClient client = WsClient.connect(base, Tokens.user(tenant, "u1"))) {
            double relayed = Prometheus.value(Prometheus.scrape(base), RELAYED);
            assertEquals(200, Api.post(base, "api/v1/test/tx/outside?tenant=" + tenant + "&marker=outside", null, "").status());
            assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + tenant + "&marker=committed", null, "").status());
            assertEquals("outside", client.nextEvent().getJsonObject("data").getString("marker"));
            assertEquals("committed", client.nextEvent().getJsonObject("data").getString("marker"));
            // the relay counts a round's rows when the round ends: had the first event gone through the table too,
            // the count would pass relayed + 1 by 2 (one round) or after it (an earlier round)
            assertEquals(relayed + 1, awaitAtLeast(RELAYED, relayed + 1), "only the transaction's event was relayed");
            assertEquals(0.0, Prometheus.value(Prometheus.scrape(base), "herald_outbox_pending"));
        }
    }

    private double awaitAtLeast(String series, double value) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        double seen = Prometheus.value(Prometheus.scrape(base), series);
        while (seen < value && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(100);
            seen = Prometheus.value(Prometheus.scrape(base), series);
        }
        return seen;
    }
}
