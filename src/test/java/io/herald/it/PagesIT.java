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
 * The demo pages of {@code /pages/} (the JSF one too) in a real browser (Debian's Chromium, driven by {@code src/test/js/pages.mjs}),
 * one test per page, with the configuration the dev run has: dev tokens, the demo's calls, presence in the chat's
 * rooms. The demo feed fires to another tenant ({@code herald.demo.tenant=feed}) so that the pages of tenant
 * {@code demo} see only what a test publishes. Screenshots of what each check saw go to {@code target/pages-it/}.
 */
@ExtendWith(ArquillianExtension.class)
class PagesIT {

    static final Path SCRIPT_DIR = Path.of("src/test/js").toAbsolutePath();
    static final Path SHOTS = Path.of("target", "pages-it").toAbsolutePath();
    static final long TIMEOUT_SECONDS = 120;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of(
                "herald.dev.enabled", "true",
                "herald.dev.private-key.location", Tokens.devKeys().resolve("dev-private.pem").toAbsolutePath().toString(),
                "herald.demo.enabled", "true",
                "herald.demo.tenant", "feed",
                "herald.presence.rooms", "conv-*"));
    }

    @Test
    void aPublishedNotificationRaisesTheBellOnTwoDevicesAndAReadOnOneClearsBoth() throws Exception {
        assertPageCheck("notifications");
    }

    @Test
    void chatShowsBothUsersOnlineTypingTheMessageAndItsReadReceipt() throws Exception {
        assertPageCheck("chat");
    }

    @Test
    void aPublishedMetricDrawsAndMovesItsChart() throws Exception {
        assertPageCheck("dashboard");
    }

    /** Issue 25, acceptance 4 in Herald's own WAR: pages/faces.xhtml, its {@code <herald:socket>} and {@code f:ajax}. */
    @Test
    void theJsfBoardListsAPublishedRegistrationAtOnceAndItsAjaxReRendersTheServersTable() throws Exception {
        assertPageCheck("faces");
    }

    private void assertPageCheck(String check) throws Exception {
        assertTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "run 'npm ci' in src/test/js (.ci/run does) and install Debian's chromium");
        Files.createDirectories(SHOTS);
        Process node = new ProcessBuilder(List.of("node", "pages.mjs", base.toExternalForm(), check, SHOTS.toString()))
                .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).start();
        boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }
        assertTrue(finished, "the browser check did not finish: " + output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("\"ok\":true") && output.contains("\"check\":\"" + check + "\""), output);
    }
}
