package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * herald.js against a real server (issue 25, acceptance 1-3), in Debian's Chromium, driven by
 * {@code src/test/js/herald-client.mjs} on the page {@code herald-it.html} (added to the deployment): over each
 * transport the page opens and says which, shows an event published over HTTP within 1 s (timed from before the
 * POST, after a first event that warms the server's publish path), joins a room, and after
 * its user's sessions are revoked (4401, its tokenProvider held meanwhile) is reconnecting, then open again over the
 * same transport with the room rejoined and the events published meanwhile shown exactly once, in order. Each
 * transport has a tenant of its own. The SSE and poll cases need the server's /sse and /api/v1/poll.
 */
@ExtendWith(ArquillianExtension.class)
class HeraldJsIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(HeraldDeployment.devTokens())
                .addAsWebResource(new FileAsset(BrowserCheck.SCRIPT_DIR.resolve("herald-it.html").toFile()), "herald-it.html");
    }

    @Test
    void overWebSocketAPageGetsAnEventWithinASecondAndResumesExactlyOnceAfterARevocation() throws Exception {
        scenario("websocket");
    }

    @Test
    void withWebSocketBlockedThePageUsesServerSentEventsAndResumesAfterItsStreamDrops() throws Exception {
        scenario("sse");
    }

    @Test
    void withWebSocketAndEventSourceBlockedThePageLongPollsAndResumesAfterItsSessionDrops() throws Exception {
        scenario("poll");
    }

    @Test
    void heraldJsIsServedAsTheWarsOneCopyWithAJavaScriptTypeAValidatorACachePolicyAndCors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(base.toExternalForm()).resolve("herald.js");
        HttpResponse<byte[]> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, first.statusCode());
        assertEquals("text/javascript;charset=utf-8",
                first.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
        assertEquals("public, max-age=600", first.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("*", first.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "importable from any origin");
        assertArrayEquals(Files.readAllBytes(Path.of("src/main/js/herald/herald.js")), first.body(),
                "the served module is the package folder's herald.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
    }

    private void scenario(String transport) throws Exception {
        String output = BrowserCheck.run("herald-client.mjs", base.toExternalForm(), transport, "js-" + transport);
        assertTrue(output.contains("\"mode\":\"" + transport + "\""), output);
        System.out.println("HeraldJsIT " + transport + ": " + output.strip()); // latency and reconnect time, in the report
    }
}
