package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The admin page in a real browser (Debian's Chromium, driven by {@code src/test/js/admin-page.mjs}), fed by Herald's
 * own {@code herald.stats} frames over herald.js: with a dev admin token it shows the live connection count, which
 * changes when test WebSocket clients connect and when its disconnect button closes one user's sessions (those
 * clients see 4401, a bystander of the same tenant stays); a non-admin token is refused with the server's reason.
 */
@ExtendWith(ArquillianExtension.class)
class AdminPageIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(HeraldDeployment.devTokens());
    }

    @Test
    void adminPageShowsLiveConnectionsDisconnectsAUserAndRefusesANonAdmin() throws Exception {
        String tenant = "admin-page-" + UUID.randomUUID().toString().substring(0, 8);
        Path screenshot = Path.of("target", "admin-page.png").toAbsolutePath();
        BrowserCheck.run("admin-page.mjs", base.toExternalForm(), tenant, Tokens.user(tenant, "plain"),
                Tokens.user(tenant, "victim"), Tokens.user(tenant, "bystander"), screenshot.toString());
    }
}
