package io.herald.auth;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    static final String INGEST = "hk_ingest_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

    @TempDir
    Path dir;

    static String entry(String key, String tenant, String more) {
        return "{\"sha256\":\"" + HexFormat.of().formatHex(ApiKeys.sha256(key)) + "\",\"tenant\":\"" + tenant + "\"" + more + "}";
    }

    @Test
    void aConfiguredKeyGivesItsTenantUserAndRolesAndNeverExpires() throws Exception {
        ApiKeys keys = ApiKeys.of("{\"ingest\":" + entry(INGEST, "acme", ",\"user\":\"erp\",\"roles\":[\"herald-publisher\"]") + "}", null);
        Caller c = keys.verify(INGEST);
        assertEquals("acme", c.tenant());
        assertEquals("erp", c.user());
        assertEquals(Set.of("herald-publisher"), c.roles());
        assertEquals("ingest", c.keyId());
        assertEquals(Instant.MAX, c.expiresAt());
    }

    @Test
    void withoutAUserTheUserIsDerivedFromTheKeyId() throws Exception {
        ApiKeys keys = ApiKeys.of("{\"ingest\":" + entry(INGEST, "acme", "") + "}", null);
        assertEquals("key:ingest", keys.verify(INGEST).user());
        assertEquals(Set.of(), keys.verify(INGEST).roles());
    }

    @Test
    void aWrongSecretAnUnknownIdAndAMalformedKeyAreRefused() {
        ApiKeys keys = ApiKeys.of("{\"ingest\":" + entry(INGEST, "acme", "") + "}", null);
        String wrong = INGEST.substring(0, INGEST.length() - 1) + "X";
        assertEquals("API key refused: unknown or revoked", assertThrows(AuthenticationException.class, () -> keys.verify(wrong)).getMessage());
        assertThrows(AuthenticationException.class, () -> keys.verify(INGEST.replace("hk_ingest_", "hk_other_")));
        for (String malformed : List.of("ingest", "hk_ingest", "hk__" + "a".repeat(40), "hk_ingest_short", "Bearer " + INGEST,
                "hk_ingest_" + "a".repeat(400))) {
            assertTrue(assertThrows(AuthenticationException.class, () -> keys.verify(malformed)).getMessage().startsWith("malformed API key"), malformed);
        }
    }

    @Test
    void aMalformedEntryIsSkippedAndTheOthersStillWork() throws Exception {
        String json = "{\"bad_id\":" + entry(INGEST, "acme", "") + ",\"nohash\":{\"tenant\":\"acme\"},\"typo\":"
                + entry("hk_typo_" + "b".repeat(43), "acme", ",\"role\":[\"herald-publisher\"]") + ",\"badtenant\":"
                + entry("hk_badtenant_" + "c".repeat(43), "a b", "") + ",\"ingest\":" + entry(INGEST, "acme", "") + "}";
        ApiKeys keys = ApiKeys.of(json, null);
        assertEquals(List.of("ingest"), keys.list().stream().map(ApiKey::id).toList());
        assertEquals("acme", keys.verify(INGEST).tenant());
        ApiKeyEntries.Read read = ApiKeyEntries.read(json, ApiKey.Source.CONFIG);
        assertEquals(4, read.skipped().size(), read.skipped().toString());
        assertTrue(read.skipped().stream().anyMatch(s -> s.contains("unknown field 'role'")), read.skipped().toString());
        assertFalse(read.skipped().toString().contains(HexFormat.of().formatHex(ApiKeys.sha256(INGEST))), "no hash in the problems");
    }

    @Test
    void aDocumentThatIsNotJsonGivesNoKeysAndNoCrash() {
        assertEquals(List.of(), ApiKeys.of("not json", null).list());
        assertEquals(List.of(), ApiKeys.of("[1,2]", null).list());
    }

    @Test
    void mintedKeysAreWrittenToTheFileAsHashesOnlyAndSurviveARestartUntilRevoked() throws Exception {
        Path file = dir.resolve("keys.json");
        ApiKeys keys = ApiKeys.of(null, file);
        ApiKeys.Minted m = keys.mint(request("{\"tenant\":\"acme\",\"roles\":[\"herald-publisher\"],\"label\":\"ERP\"}"));
        assertTrue(m.secret().matches("hk_" + m.key().id() + "_[A-Za-z0-9_-]{43}"), m.secret());
        assertEquals(ApiKey.Source.FILE, m.key().source());
        String stored = Files.readString(file);
        assertFalse(stored.contains(m.secret().substring(("hk_" + m.key().id() + "_").length())), "the secret is not stored");
        assertTrue(stored.contains(HexFormat.of().formatHex(ApiKeys.sha256(m.secret()))), stored);
        assertFalse(m.toString().contains(m.secret()), "toString never shows the secret");

        ApiKeys restarted = ApiKeys.of(null, file);
        Caller c = restarted.verify(m.secret());
        assertEquals("key:" + m.key().id(), c.user());
        assertEquals("ERP", restarted.list().get(0).label());

        assertTrue(restarted.revoke(m.key().id()).orElseThrow().permanent());
        assertThrows(AuthenticationException.class, () -> restarted.verify(m.secret()));
        assertEquals(List.of(), ApiKeys.of(null, file).list(), "revoked in the file too");
        assertTrue(restarted.revoke(m.key().id()).isEmpty(), "an unknown id");
    }

    @Test
    void entriesOfTheFileThatHeraldDidNotLoadAreKeptWhenItWritesTheFile() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "{\"broken\":{\"tenant\":\"acme\"}}");
        ApiKeys keys = ApiKeys.of(null, file);
        keys.mint(request("{\"tenant\":\"acme\"}"));
        JsonObject all = ApiKeyEntries.object(Files.readString(file));
        assertEquals(2, all.size());
        assertEquals(Json.createObjectBuilder().add("tenant", "acme").build(), all.get("broken"));
    }

    @Test
    void aFileThatIsNotJsonIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "{oops");
        ApiKeys keys = ApiKeys.of(null, file);
        assertThrows(UncheckedIOException.class, () -> keys.mint(request("{\"tenant\":\"acme\"}")));
        assertEquals(List.of(), keys.list(), "no key minted");
        assertEquals("{oops", Files.readString(file));
    }

    @Test
    void concurrentMintsAndRevocationsLoseNoEntryOfTheFile() throws Exception {
        Path file = dir.resolve("keys.json");
        ApiKeys keys = ApiKeys.of(null, file);
        int threads = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> minted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            minted.add(pool.submit(() -> {
                List<String> secrets = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    ApiKeys.Minted m = keys.mint(request("{\"tenant\":\"acme\"}"));
                    if (i % 2 == 0) {
                        keys.revoke(m.key().id());
                    } else {
                        secrets.add(m.secret());
                    }
                }
                return secrets;
            }));
        }
        List<String> kept = new ArrayList<>();
        for (Future<List<String>> f : minted) {
            kept.addAll(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        ApiKeys restarted = ApiKeys.of(null, file);
        assertEquals(threads * each / 2, restarted.list().size());
        for (String secret : kept) {
            assertEquals("acme", restarted.verify(secret).tenant());
        }
    }

    @Test
    void credentialsNeverShowTheirValues() {
        assertFalse(new Credentials("Bearer abc", "tok", "c=1", INGEST).toString().matches(".*(abc|tok|c=1|" + INGEST + ").*"));
    }

    @Test
    void withoutAFileMintedKeysLiveInMemory() throws Exception {
        ApiKeys keys = ApiKeys.of(null, null);
        ApiKeys.Minted m = keys.mint(request("{\"tenant\":\"acme\",\"user\":\"bot\"}"));
        assertEquals(ApiKey.Source.MEMORY, m.key().source());
        assertEquals("bot", keys.verify(m.secret()).user());
        assertEquals(Set.of(), keys.verify(m.secret()).roles());
    }

    @Test
    void aRevokedConfiguredKeyIsRefusedButNotPermanently() throws Exception {
        ApiKeys keys = ApiKeys.of("{\"ingest\":" + entry(INGEST, "acme", "") + "}", null);
        assertFalse(keys.revoke("ingest").orElseThrow().permanent());
        assertFalse(keys.isActive("ingest"));
        assertThrows(AuthenticationException.class, () -> keys.verify(INGEST));
    }

    @Test
    void aBadMintRequestIsRefusedWithItsReason() {
        ApiKeys keys = ApiKeys.of(null, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.mint(request("{}"))).getMessage().contains("'tenant' is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.mint(request("{\"tenant\":\"a\",\"sha256\":\"x\"}"))).getMessage().contains("unknown field 'sha256'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.mint(request("{\"tenant\":\"a\",\"roles\":\"herald-publisher\"}"))).getMessage().contains("array of strings"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.mint(request("{\"tenant\":7}"))).getMessage().contains("must be a string"));
        assertEquals(List.of(), keys.list());
    }

    private static JsonObject request(String json) {
        return ApiKeyEntries.object(json);
    }
}
