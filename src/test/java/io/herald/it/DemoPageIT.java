package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo page in a real browser (Debian's Chromium, driven by {@code src/test/js/demo-page.mjs}): with the dev
 * configuration it gets a token, connects, and shows an event published over the HTTP API.
 * {@code .ci/run} installs Chromium and the script's one npm dependency.
 */
@ExtendWith(ArquillianExtension.class)
class DemoPageIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(HeraldDeployment.devTokens());
    }

    @Test
    void demoPageConnectsWithADevTokenAndShowsAPublishedEvent() throws Exception {
        Path screenshot = Path.of("target", "demo-page.png").toAbsolutePath();
        String output = BrowserCheck.run("demo-page.mjs", base.toExternalForm(), screenshot.toString());
        assertTrue(output.contains("it.browser"), output);
    }
}
