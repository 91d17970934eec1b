package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys ({@code X-API-Key}): minted by an admin and answered once, they publish to their own tenant only and let a
 * native client connect; a wrong, malformed or revoked key is 401; revoking one closes the sessions it opened with
 * 4401 while a bystander of the tenant keeps receiving; keys configured at start (a keys file and
 * {@code herald.api-keys}) work; no key ever appears in the server's log.
 */
@ExtendWith(ArquillianExtension.class)
class ApiKeyIT {

    static final String FILE_TENANT = "keys-file-" + UUID.randomUUID();
    static final String INLINE_TENANT = "keys-inline-" + UUID.randomUUID();
    static final String FILE_KEY = "hk_preset_" + "Qm9vdHN0cmFwcGVkLWtleS1mcm9tLXRoZS1maWxl01";
    static final String INLINE_KEY = "hk_inline_" + "SW5saW5lLWtleS1mcm9tLXRoZS1jb25maWd1cmF0aW9u";
    static final Path KEYS_FILE = Path.of("target", "api-keys-" + UUID.randomUUID() + ".json").toAbsolutePath();

    private static ServerLog log;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        Files.createDirectories(KEYS_FILE.getParent());
        Files.writeString(KEYS_FILE, "{\"preset\": {\"sha256\": \"" + sha256(FILE_KEY) + "\", \"tenant\": \"" + FILE_TENANT
                + "\", \"roles\": [\"herald-publisher\"], \"label\": \"written before the start\"},\n"
                + " \"malformed\": {\"tenant\": \"" + FILE_TENANT + "\"}}\n");
        return HeraldDeployment.war(Map.of("herald.api-keys.file", KEYS_FILE.toString(),
                "herald.api-keys", "{\"inline\": {\"sha256\": \"" + sha256(INLINE_KEY) + "\", \"tenant\": \"" + INLINE_TENANT
                        + "\", \"user\": \"ingest\", \"roles\": [\"herald-publisher\"]}}"));
    }

    @BeforeAll
    static void watchTheServerLog() throws IOException {
        log = ServerLog.watch();
    }

    @AfterAll
    static void stopWatching() {
        log.close();
    }

    @Test
    void aKeyMintedByAnAdminIsAnsweredOnceAndPublishesToItsOwnTenantOnly() throws Exception {
        String a = "keys-a-" + UUID.randomUUID();
        String b = "keys-b-" + UUID.randomUUID();
        Api.Answer minted = mint("{\"tenant\":\"" + a + "\",\"roles\":[\"herald-publisher\"],\"label\":\"ERP feed\"}");
        assertEquals(201, minted.status(), minted.toString());
        String id = minted.body().getString("id");
        String key = minted.body().getString("key");
        assertTrue(key.matches("hk_" + id + "_[A-Za-z0-9_-]{43}"), key);
        assertEquals(a, minted.body().getString("tenant"));
        assertEquals("key:" + id, minted.body().getString("user"));
        assertEquals("[\"herald-publisher\"]", minted.body().getJsonArray("roles").toString());
        assertEquals("file", minted.body().getString("source"));

        Api.Answer list = Api.get(base, "api/v1/keys", Tokens.admin());
        assertEquals(200, list.status(), list.toString());
        JsonObject listed = list.body().getJsonArray("keys").getValuesAs(JsonObject.class).stream()
                .filter(k -> k.getString("id").equals(id)).findFirst().orElseThrow();
        assertEquals("ERP feed", listed.getString("label"));
        assertFalse(listed.containsKey("key") || list.body().toString().contains(secretOf(key)), "a listing has no secret: " + list);

        String stored = Files.readString(KEYS_FILE);
        assertTrue(stored.contains(sha256(key)) && !stored.contains(secretOf(key)), "the file keeps the hash only: " + stored);

        try (WsClient inA = WsClient.connect(base, Tokens.user(a, "alice"));
             WsClient inB = WsClient.connect(base, Tokens.user(b, "bob"))) {
            Api.Answer published = publishWithKey(key, "{\"type\":\"keyed.event\"}");
            assertEquals(202, published.status(), published.toString());
            assertEquals(1, published.body().getInt("recipients"));
            JsonObject event = inA.nextEvent();
            assertEquals("keyed.event", event.getString("type"));
            assertEquals(a, event.getString("tenant"));

            Api.publish(base, b, "{\"type\":\"own.event\"}");
            assertEquals("own.event", inB.nextEvent().getString("type"), "tenant B's first event is its own, never A's");
            Api.Answer foreign = publishWithKey(key, "{\"type\":\"x\",\"tenant\":\"" + b + "\"}");
            assertEquals(403, foreign.status(), "a key cannot name another tenant: " + foreign);
        }
        assertTrue(logged("API key " + id + " minted"), "the watch sees the server's log, so the check below can fail");
        assertNotLogged(key);
    }

    @Test
    void aWrongAMalformedOrADoubledCredentialIs401() throws Exception {
        String key = mint("{\"tenant\":\"keys-w-" + UUID.randomUUID() + "\",\"roles\":[\"herald-publisher\"]}").body().getString("key");
        String wrong = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
        Api.Answer refused = publishWithKey(wrong, "{\"type\":\"x\"}");
        assertEquals(401, refused.status(), refused.toString());
        assertEquals("unauthorized", refused.body().getString("error"));
        assertEquals("API key refused: unknown or revoked", refused.body().getString("message"));

        Api.Answer malformed = publishWithKey("not-a-key", "{\"type\":\"x\"}");
        assertEquals(401, malformed.status(), malformed.toString());
        assertTrue(malformed.body().getString("message").startsWith("malformed API key: expected hk_<id>_<secret>"), malformed.toString());

        Api.Answer both = Api.send(base, "POST", "api/v1/events", "{\"type\":\"x\"}", "X-API-Key", key,
                "Authorization", "Bearer " + Tokens.publisher("keys-w"));
        assertEquals(401, both.status(), both.toString());
        assertTrue(both.body().getString("message").contains("not both"), both.toString());

        String upgrade = RawWebSocket.upgradeAnswer(base, "", "X-API-Key: " + wrong + "\r\n");
        assertTrue(upgrade.startsWith("HTTP/1.1 401") && upgrade.contains("API key refused"), upgrade);
        String doubled = RawWebSocket.upgradeAnswer(base, "access_token=" + Tokens.user("keys-w", "u"), "X-API-Key: " + key + "\r\n");
        assertTrue(doubled.startsWith("HTTP/1.1 401") && doubled.contains("not both"), doubled);
        assertNotLogged(key);
    }

    @Test
    void onlyAnAdminMintsListsAndRevokesAndABadBodyIs400() {
        String publisher = Tokens.publisher("keys-p");
        assertEquals(403, Api.post(base, "api/v1/keys", publisher, "{\"tenant\":\"keys-p\"}").status());
        assertEquals(403, Api.get(base, "api/v1/keys", publisher).status());
        assertEquals(403, Api.send(base, "DELETE", "api/v1/keys/preset", null, "Authorization", "Bearer " + publisher).status());
        assertEquals(401, Api.send(base, "POST", "api/v1/keys", "{\"tenant\":\"keys-p\"}").status());
        Api.Answer byKey = Api.send(base, "POST", "api/v1/keys", "{\"tenant\":\"keys-p\"}", "X-API-Key", INLINE_KEY);
        assertEquals(403, byKey.status(), "a publisher's key is no admin: " + byKey);

        assertBadRequest("{}", "bad_request", "'tenant' is required");
        assertBadRequest("{\"tenant\":\"keys-p\",\"role\":[\"herald-publisher\"]}", "bad_request", "unknown field 'role'");
        assertBadRequest("{\"tenant\":\"keys-p\",\"roles\":\"herald-publisher\"}", "bad_request", "array of strings");
        assertBadRequest("{\"tenant\":\"no spaces\"}", "bad_request", "'tenant'");
        assertBadRequest("[\"keys-p\"]", "bad_request", "JSON object");
        assertBadRequest("{\"tenant\":", "bad_json", "not valid JSON");

        Api.Answer unknown = Api.send(base, "DELETE", "api/v1/keys/nosuchkey", null, "Authorization", "Bearer " + Tokens.admin());
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("not_found", unknown.body().getString("error"));
    }

    @Test
    void aNativeClientConnectsWithAKeyAndRevokingItClosesItsSessionsWith4401WhileABystanderKeepsReceiving() throws Exception {
        String tenant = "keys-r-" + UUID.randomUUID();
        JsonObject minted = mint("{\"tenant\":\"" + tenant + "\",\"user\":\"device-7\",\"roles\":[\"herald-publisher\"]}").body();
        String id = minted.getString("id");
        String key = minted.getString("key");
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"));
             WsClient device = WsClient.withApiKey(base, key);
             WsClient second = WsClient.withApiKey(base, key)) {
            JsonObject welcome = device.expectType("welcome");
            assertEquals("device-7", welcome.getString("user"));
            assertEquals(tenant, welcome.getString("tenant"));
            second.expectType("welcome");
            assertEquals(202, publishWithKey(key, "{\"type\":\"before.revoke\"}").status());
            for (WsClient c : List.of(bystander, device, second)) {
                assertEquals("before.revoke", c.nextEvent().getString("type"));
            }

            Api.Answer revoked = Api.send(base, "DELETE", "api/v1/keys/" + id, null, "Authorization", "Bearer " + Tokens.admin());
            assertEquals(200, revoked.status(), revoked.toString());
            assertEquals(2, revoked.body().getInt("closed"), revoked.toString());
            assertTrue(revoked.body().getBoolean("permanent"));
            assertEquals(4401, device.awaitClose(Duration.ofSeconds(5)));
            assertEquals(4401, second.awaitClose(Duration.ofSeconds(5)));

            Api.publish(base, tenant, "{\"type\":\"after.revoke\"}");
            assertEquals("after.revoke", bystander.nextEvent().getString("type"), "the bystander keeps receiving");
            assertEquals(401, publishWithKey(key, "{\"type\":\"x\"}").status(), "a revoked key publishes no more");
            String upgrade = RawWebSocket.upgradeAnswer(base, "", "X-API-Key: " + key + "\r\n");
            assertTrue(upgrade.startsWith("HTTP/1.1 401"), "a revoked key connects no more: " + upgrade);
            assertFalse(Files.readString(KEYS_FILE).contains("\"" + id + "\""), "removed from the file");
            assertEquals(404, Api.send(base, "DELETE", "api/v1/keys/" + id, null, "Authorization", "Bearer " + Tokens.admin()).status());
        }
        assertNotLogged(key);
    }

    @Test
    void keysConfiguredAtStartInTheFileAndInlineWork() throws Exception {
        try (WsClient inFile = WsClient.connect(base, Tokens.user(FILE_TENANT, "u"));
             WsClient inline = WsClient.withApiKey(base, INLINE_KEY)) {
            assertEquals("ingest", inline.expectType("welcome").getString("user"));
            assertEquals(202, publishWithKey(FILE_KEY, "{\"type\":\"from.file\"}").status());
            assertEquals("from.file", inFile.nextEvent().getString("type"));
            assertEquals(202, publishWithKey(INLINE_KEY, "{\"type\":\"from.config\"}").status());
            assertEquals("from.config", inline.nextEvent().getString("type"));
        }
        Api.Answer list = Api.get(base, "api/v1/keys", Tokens.admin());
        List<JsonObject> keys = list.body().getJsonArray("keys").getValuesAs(JsonObject.class);
        assertTrue(keys.stream().anyMatch(k -> k.getString("id").equals("preset") && k.getString("source").equals("file")
                && k.getString("user").equals("key:preset")), list.toString());
        assertTrue(keys.stream().anyMatch(k -> k.getString("id").equals("inline") && k.getString("source").equals("config")), list.toString());
        assertTrue(keys.stream().noneMatch(k -> k.getString("id").equals("malformed")), "a malformed entry is skipped: " + list);
        assertTrue(Files.readString(KEYS_FILE).contains("\"malformed\""), "and kept in the file as it was");
        assertNotLogged(FILE_KEY);
        assertNotLogged(INLINE_KEY);
    }

    private Api.Answer mint(String body) {
        return Api.post(base, "api/v1/keys", Tokens.admin(), body);
    }

    private Api.Answer publishWithKey(String key, String body) {
        return Api.send(base, "POST", "api/v1/events", body, "X-API-Key", key);
    }

    private void assertBadRequest(String body, String code, String message) {
        Api.Answer a = mint(body);
        assertEquals(400, a.status(), body + " → " + a);
        assertEquals(code, a.body().getString("error"), a.toString());
        assertTrue(a.body().getString("message").contains(message), a.toString());
    }

    /** @return whether the server logged this within a few seconds (Payara's output reaches the test a moment later) */
    private static boolean logged(String text) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (!log.linesContaining(text).isEmpty()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static void assertNotLogged(String key) throws IOException {
        assertEquals(List.of(), log.linesContaining(secretOf(key)), "the server logged a key");
    }

    private static String secretOf(String key) {
        return key.substring(key.indexOf('_', 3) + 1);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
