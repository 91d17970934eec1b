package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo page in a real browser (Debian's Chromium, driven by {@code src/test/js/demo-page.mjs}): with the dev
 * configuration it gets a token, connects, and shows an event published over the HTTP API.
 * {@code .ci/run} installs Chromium and the script's one npm dependency.
 */
@ExtendWith(ArquillianExtension.class)
class DemoPageIT {

    static final Path SCRIPT_DIR = Path.of("src/test/js").toAbsolutePath();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of(
                "herald.dev.enabled", "true",
                "herald.dev.private-key.location", Tokens.devKeys().resolve("dev-private.pem").toAbsolutePath().toString()));
    }

    @Test
    void demoPageConnectsWithADevTokenAndShowsAPublishedEvent() throws Exception {
        assertTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "run 'npm ci' in src/test/js (.ci/run does) and install Debian's chromium");
        Path screenshot = Path.of("target", "demo-page.png").toAbsolutePath();
        Process node = new ProcessBuilder(List.of("node", "demo-page.mjs", base.toExternalForm(), screenshot.toString()))
                .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).start();
        boolean finished = node.waitFor(90, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }
        assertTrue(finished, "the browser check did not finish: " + output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("\"ok\":true") && output.contains("it.browser"), output);
    }
}
