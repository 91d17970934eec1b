package io.herald.it;

import io.herald.it.embedded.AppTenants;
import io.herald.it.embedded.AppUsers;
import io.herald.it.embedded.EmbeddingApp;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, acceptance 4: Herald embedded in an application's own WAR ({@code herald-classes.jar} + the test
 * application of {@code io.herald.it.embedded}: a Jakarta Security login with its own identity store, a
 * {@code TenantResolver} bean, a JSF page with {@code <herald:socket>} and a nested {@code <f:ajax>}). The login
 * session alone connects, as the principal of the resolver's tenant; without it, or from another site's page, the
 * upgrade is 401; the page in Chromium receives events and its {@code f:ajax} re-renders a server-side counter on
 * the named event ({@code src/test/js/faces-socket.mjs}).
 */
@ExtendWith(ArquillianExtension.class)
class EmbeddedFacesIT {

    private static final File PAGES = new File("src/test/resources/embedded");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.embeddedIn("app.war", HeraldDeployment.devTokens())
                .addPackage(EmbeddingApp.class.getPackage())
                .addAsWebResource(new FileAsset(new File(PAGES, "socket.xhtml")), "socket.xhtml")
                .addAsWebInfResource(new FileAsset(new File(PAGES, "web.xml")), "web.xml")
                .addAsWebInfResource(new FileAsset(new File(PAGES, "jboss-web.xml")), "jboss-web.xml");
    }

    @Test
    void withoutTheApplicationsLoginOrFromAnotherSitesPageTheUpgradeIsRefusedWith401() throws Exception {
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), null), "no login, no token");
        String session = login("alice");
        try {
            WsClient.openWithHeaders(WsClient.uri(base, null), Map.of("Cookie", session, "Origin", "http://evil.example")).close();
            throw new AssertionError("another site's page rode alice's session");
        } catch (WsClient.HandshakeRefused r) {
            assertEquals(401, r.status, "the session cookie counts only from the application's own origin");
        }
    }

    @Test
    void theLoginSessionAloneConnectsAsItsPrincipalInTheResolversTenantAndGetsThatTenantsEventsOnly() throws Exception {
        try (WsClient alice = WsClient.openWithHeaders(WsClient.uri(base, null), Map.of("Cookie", login("alice")));
             WsClient bob = WsClient.openWithHeaders(WsClient.uri(base, null), Map.of("Cookie", login("bob")))) {
            JsonObject welcome = alice.expectType("welcome");
            assertEquals("alice", welcome.getString("user"));
            assertEquals(AppTenants.TENANTS.get("alice"), welcome.getString("tenant"));
            assertEquals(AppTenants.TENANTS.get("bob"), bob.expectType("welcome").getString("tenant"));
            String other = Api.publish(base, "beta", "{\"type\":\"it.other\"}").getString("id");
            String own = Api.publish(base, "acme", "{\"type\":\"it.own\"}").getString("id");
            JsonObject event = alice.nextEvent();
            assertEquals(own, event.getString("id"), "alice gets acme's event, not beta's " + other);
            assertEquals("acme", event.getString("tenant"));
            assertEquals(other, bob.nextEvent().getString("id"), "bob, of beta, gets beta's");
        }
    }

    @Test
    void aJsfPageConnectsWithTheLoginAndItsAjaxReRendersAServerSideCounterOnTheNamedEvent() throws Exception {
        String output = BrowserCheck.run("faces-socket.mjs", base.toExternalForm(), "alice",
                AppUsers.PASSWORDS.get("alice"), AppTenants.TENANTS.get("alice"));
        System.out.println("EmbeddedFacesIT browser: " + output.strip());
    }

    /** @return the {@code Cookie} header of a session the application logged this user in */
    private String login(String user) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        String form = "user=" + user + "&password=" + URLEncoder.encode(AppUsers.PASSWORDS.get(user), StandardCharsets.UTF_8);
        URI login = URI.create(base.toExternalForm()).resolve("login");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(login)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, answer.statusCode(), "login of " + user + ": " + answer.body());
        String header = cookies.getCookieStore().get(login).stream().map(Object::toString).collect(Collectors.joining("; "));
        assertTrue(!header.isEmpty(), "the login set a session cookie");
        return header;
    }
}
