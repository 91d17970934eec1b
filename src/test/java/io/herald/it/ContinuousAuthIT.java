package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authority that ends while a session is open: a token's {@code exp} (close 4401 soon after {@code exp} plus the clock
 * skew, unless refreshed with {@code auth}), revocation ({@code DELETE /api/v1/sessions?user=}, 4401), and a tenant
 * disabled in configuration while the server runs (4403, upgrades and publishes refused, until re-enabled).
 */
@ExtendWith(ArquillianExtension.class)
class ContinuousAuthIT {

    static final long SKEW_SECONDS = 1;
    /** The acceptance's bound: closed within this of {@code exp} plus the skew. */
    static final long WITHIN_MILLIS = 5_000;
    static final String FROZEN = "frozen-at-start";
    /** The test and the server share the machine: the test edits the file the server polls. */
    static final Path DISABLED_FILE = Path.of("target", "continuous-auth-disabled-tenants.txt").toAbsolutePath();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        disable("");
        return HeraldDeployment.war(Map.of("mp.jwt.verify.clock.skew", String.valueOf(SKEW_SECONDS),
                "herald.tenants.disabled", FROZEN, "herald.tenants.file", DISABLED_FILE.toString()),
                TxProbe.class, TxProbe.ProbeRegistered.class);
    }

    @Test
    void aTokenExpiringMidSessionClosesWith4401SoonAfterExpPlusSkewWhileABystanderKeepsReceiving() {
        String tenant = "exp-" + UUID.randomUUID();
        long exp = Instant.now().getEpochSecond() + 3;
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"));
             WsClient expiring = WsClient.connect(base, Tokens.expiringAt(tenant, "u", exp))) {
            long closedAt = awaitClosedWith4401(expiring, exp);
            assertTrue(closedAt >= (exp + SKEW_SECONDS) * 1000 - 200,
                    "not closed before exp + skew: " + (closedAt - (exp + SKEW_SECONDS) * 1000) + " ms");
            Api.publish(base, tenant, "{\"type\":\"still.here\"}");
            assertEquals("still.here", bystander.nextEvent().getString("type"), "the bystander keeps receiving");
        }
    }

    @Test
    void aSessionRefreshedWithAuthBeforeExpStaysOpenPastItAndKeepsReceiving() throws Exception {
        String tenant = "refresh-" + UUID.randomUUID();
        long exp = Instant.now().getEpochSecond() + 3;
        try (WsClient refreshed = WsClient.connect(base, Tokens.expiringAt(tenant, "u", exp));
             WsClient unrefreshed = WsClient.connect(base, Tokens.expiringAt(tenant, "u", exp))) {
            JsonObject reply = refreshed.request("a", auth("a", Tokens.user(tenant, "u")));
            assertEquals("reply", reply.getString("type"), reply.toString());
            assertTrue(reply.getBoolean("ok"));
            Instant expiresAt = Instant.parse(reply.getJsonObject("data").getString("expires_at"));
            assertTrue(expiresAt.isAfter(Instant.ofEpochSecond(exp + 3000)), "the fresh token's expiry: " + expiresAt);

            awaitClosedWith4401(unrefreshed, exp); // the same credential, not refreshed: the wait was long enough
            Thread.sleep(1_500); // one more scan period past exp + skew for the refreshed session
            Api.publish(base, tenant, "{\"type\":\"past.exp\"}");
            assertEquals("past.exp", refreshed.nextEvent().getString("type"), "the refreshed session still receives");
            assertEquals("reply", refreshed.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getString("type"));
            assertFalse(refreshed.isClosed(), "the refreshed session stays open past the old exp");
        }
    }

    @Test
    void authWithAnotherTenantsOrUsersOrABadTokenIsRefusedAndLeavesTheSessionAsItWas() {
        String tenant = "refuse-" + UUID.randomUUID();
        // made before the session opens: signing with a fresh foreign key pair is slow on a loaded machine, and the
        // session's short credential must outlive every refusal below
        String otherTenant = Tokens.user("other-" + UUID.randomUUID(), "u");
        String otherUser = Tokens.user(tenant, "someone-else");
        String expired = Tokens.expired(tenant, "u");
        String foreign = Tokens.signedByForeignKey(tenant, "u");
        long exp = Instant.now().getEpochSecond() + 6;
        try (WsClient session = WsClient.connect(base, Tokens.expiringAt(tenant, "u", exp))) {
            assertError(session, "forbidden", otherTenant);
            assertError(session, "forbidden", otherUser);
            assertError(session, "unauthorized", expired);
            assertError(session, "unauthorized", foreign);
            assertEquals("bad_frame", session.request("m", "{\"action\":\"auth\",\"ref\":\"m\"}").getString("code"));
            assertEquals("bad_frame", session.request("n", "{\"action\":\"auth\",\"token\":42,\"ref\":\"n\"}").getString("code"));

            JsonObject info = session.request("i", "{\"action\":\"info\",\"ref\":\"i\"}").getJsonObject("data");
            assertEquals("u", info.getString("user"));
            assertEquals(tenant, info.getString("tenant"));
            awaitClosedWith4401(session, exp); // its old credential still ends it
        }
    }

    @Test
    void deletingAUsersSessionsClosesThemWith4401AndNothingElse() {
        String a = "revoke-a-" + UUID.randomUUID();
        String b = "revoke-b-" + UUID.randomUUID();
        try (WsClient u1 = WsClient.connect(base, Tokens.user(a, "u"));
             WsClient u2 = WsClient.connect(base, Tokens.user(a, "u"));
             WsClient v = WsClient.connect(base, Tokens.user(a, "v"));
             WsClient uOfB = WsClient.connect(base, Tokens.user(b, "u"))) {
            assertEquals(400, Api.delete(base, "api/v1/sessions", Tokens.publisher(a)).status(), "no user");
            assertEquals(403, Api.delete(base, "api/v1/sessions?user=v", Tokens.user(a, "v")).status(), "not a publisher");
            Api.Answer ownTenantOnly = Api.delete(base, "api/v1/sessions?user=v", Tokens.publisher(b));
            assertEquals(200, ownTenantOnly.status(), ownTenantOnly.toString());
            assertEquals(0, ownTenantOnly.body().getInt("closed"), "tenant B's publisher reaches B's user v: none");
            Api.Answer otherTenant = Api.delete(base, "api/v1/sessions?user=v&tenant=" + a, Tokens.publisher(b));
            assertEquals(403, otherTenant.status(), otherTenant.toString());
            assertEquals("forbidden", otherTenant.body().getString("error"));

            Api.Answer revoked = Api.delete(base, "api/v1/sessions?user=u", Tokens.publisher(a));
            assertEquals(200, revoked.status(), revoked.toString());
            assertEquals(2, revoked.body().getInt("closed"));
            assertEquals(4401, u1.awaitClose(WsClient.WAIT));
            assertEquals(4401, u2.awaitClose(WsClient.WAIT));

            Api.publish(base, a, "{\"type\":\"for.a\"}");
            assertEquals("for.a", v.nextEvent().getString("type"), "another user's session is untouched");
            Api.publish(base, b, "{\"type\":\"for.b\"}");
            assertEquals("for.b", uOfB.nextEvent().getString("type"), "the same user name in another tenant is untouched");

            Api.Answer byAdmin = Api.delete(base, "api/v1/sessions?user=v&tenant=" + a, Tokens.admin());
            assertEquals(1, byAdmin.body().getInt("closed"), byAdmin.toString());
            assertEquals(4401, v.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void aForcedCloseIsOneWarningWithTenantSessionAndReasonAndNeverTheToken() throws IOException {
        String tenant = "logged-" + UUID.randomUUID();
        String token = Tokens.user(tenant, "u");
        try (ServerLog log = ServerLog.watchFor(Pattern.compile("closing session"));
             WsClient u = WsClient.open(WsClient.uri(base, WsClient.param("access_token", token)), null, null);
             WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "w"))) {
            String session = u.expectType("welcome").getString("session");
            assertEquals(1, Api.delete(base, "api/v1/sessions?user=u", Tokens.publisher(tenant)).body().getInt("closed"));
            assertEquals(4401, u.awaitClose(WsClient.WAIT));

            List<String> lines = awaitLinesAbout(log, session);
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            assertTrue(line.contains("WARN") && line.contains(tenant) && line.contains("4401")
                    && line.contains("credential revoked"), line);
            assertEquals(List.of(), log.linesContaining(token), "the token is never logged");
            Api.publish(base, tenant, "{\"type\":\"still.here\"}");
            assertEquals("still.here", bystander.nextEvent().getString("type"), "the bystander keeps receiving");
        }
    }

    /** The line is written as the close is made, a moment before or after the client sees it: polled, bounded. */
    private static List<String> awaitLinesAbout(ServerLog log, String session) throws IOException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        List<String> about;
        do {
            about = log.lines().stream().filter(l -> l.contains(session)).toList();
        } while (about.isEmpty() && System.nanoTime() < deadline && pause());
        return about;
    }

    private static boolean pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aTenantDisabledAtRunTimeLosesItsSessionsWith4403AndIsRefusedUntilReEnabled() throws Exception {
        String off = "off-" + UUID.randomUUID();
        String on = "on-" + UUID.randomUUID();
        String frozen = RawWebSocket.upgradeAnswer(base, "access_token=" + Tokens.user(FROZEN, "u"));
        assertTrue(frozen.startsWith("HTTP/1.1 403") && frozen.contains("disabled"), "disabled at start: " + frozen);
        try (WsClient victim = WsClient.connect(base, Tokens.user(off, "u"));
             WsClient bystander = WsClient.connect(base, Tokens.user(on, "u"))) {
            disable("# switched off by the test\n" + off + "\n");
            assertEquals(4403, victim.awaitClose(WsClient.WAIT), "its open session");

            String refused = RawWebSocket.upgradeAnswer(base, "access_token=" + Tokens.user(off, "u"));
            assertTrue(refused.startsWith("HTTP/1.1 403") && refused.contains("\"forbidden\"") && refused.contains("disabled"), refused);
            Api.Answer publish = Api.tryPublish(base, off, "{\"type\":\"nope\"}");
            assertEquals(403, publish.status(), publish.toString());

            assertEquals(200, Api.post(base, "api/v1/test/tx/commit?tenant=" + off + "&marker=dropped", null, "").status(),
                    "a CDI event of the disabled tenant (dropped)");

            String unaffected = Api.publish(base, on, "{\"type\":\"unaffected\"}").getString("id");
            assertEquals("unaffected", bystander.nextEvent().getString("type"), "another tenant keeps receiving");

            disable("");
            assertTrue(upgradesWithin(off, 10), "re-enabled: accepted again");
            // resuming from the start of the node's stream replays whatever the tenant's log holds: had the CDI event
            // been published, it would come first
            try (WsClient back = WsClient.connect(base, Tokens.user(off, "u"),
                    WsClient.param("since", EventIds.epoch(unaffected) + "-0"))) {
                assertEquals(202, Api.tryPublish(base, off, "{\"type\":\"back\"}").status());
                assertEquals("back", back.nextEvent().getString("type"), "the CDI event of the disabled tenant was dropped");
            }
        } finally {
            disable("");
        }
    }

    /** @return when the close arrived (epoch millis), having asserted 4401 within the acceptance's bound */
    private static long awaitClosedWith4401(WsClient session, long exp) {
        long deadline = (exp + SKEW_SECONDS) * 1000 + WITHIN_MILLIS;
        int code = session.awaitClose(Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
        long closedAt = System.currentTimeMillis();
        assertEquals(4401, code, "closed with");
        return closedAt;
    }

    private static void assertError(WsClient session, String code, String token) {
        JsonObject error = session.request("e", auth("e", token));
        assertEquals("error", error.getString("type"), error.toString());
        assertEquals(code, error.getString("code"), error.toString());
    }

    private static String auth(String ref, String token) {
        return Json.createObjectBuilder().add("action", "auth").add("token", token).add("ref", ref).build().toString();
    }

    /** Writes the disabled-tenants file as an operator should: whole, by an atomic rename. */
    private static void disable(String content) throws IOException {
        Files.createDirectories(DISABLED_FILE.getParent());
        Path next = DISABLED_FILE.resolveSibling(DISABLED_FILE.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, DISABLED_FILE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Tries the upgrade until it is accepted (the poll sees the file within seconds), for at most a bound. */
    private boolean upgradesWithin(String tenant, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            if (RawWebSocket.upgradeStatus(base, "access_token=" + Tokens.user(tenant, "u"), "").contains(" 101")) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
