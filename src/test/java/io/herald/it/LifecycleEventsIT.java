package io.herald.it;

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
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session lifecycle as CDI events: an application bean is told of each connection opened and closed, once, with the
 * close code, even though another observer fails on every event; delivery goes on meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
class LifecycleEventsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(java.util.Map.of(), LifecycleProbe.class, LifecycleProbe.Failing.class,
                LifecycleProbe.Recorder.class, LifecycleProbe.Seen.class);
    }

    @Test
    void openAndCloseAreToldOnceWithTheCloseCodeDespiteAFailingObserver() throws Exception {
        String tenant = "life-" + UUID.randomUUID();
        String session;
        try (WsClient c = WsClient.open(WsClient.uri(base, WsClient.param("access_token", Tokens.user(tenant, "ann"))), null,
                "herald.v1.ndjson")) {
            session = c.expectType("welcome").getString("session");
            Api.publish(base, tenant, "{\"type\":\"still.delivered\"}");
            assertEquals("still.delivered", c.nextEvent().getString("type"), "a failing observer never stops delivery");
            awaitSeen(tenant, 1);
        }
        List<String> seen = awaitSeen(tenant, 2);
        assertEquals(List.of("opened " + tenant + " ann " + session + " herald.v1.ndjson",
                "closed " + tenant + " ann " + session + " 1000"), seen);
    }

    /** Polls the probe until it lists {@code count} events of the tenant, for at most 15 s. */
    private List<String> awaitSeen(String tenant, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/v1/test/lifecycle?tenant=" + tenant))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.StringReader(r.body()))) {
                seen = reader.readArray().getValuesAs(jakarta.json.JsonString::getString);
            }
            if (seen.size() >= count) {
                return seen;
            }
            Thread.sleep(50);
        }
        assertTrue(false, "the observer saw " + seen + ", expected " + count + " events");
        return seen;
    }
}
