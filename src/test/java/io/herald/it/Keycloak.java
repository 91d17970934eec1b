package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} the build unpacks into {@code target/keycloak}) in dev mode on a
 * free loopback port, with the realm of {@code src/test/resources/keycloak/herald-realm.json} imported: users alice
 * and pub-a of tenant-a, bob and pub-b of tenant-b (password: the user name + {@code -pw}), pub-* in the
 * {@code herald-publisher} group; client {@code herald} signs RS256, {@code herald-es} ES256.
 * <p>
 * One per test JVM, started by the first IT that asks ({@link #shared()}), its database fresh at every start, and
 * stopped by its PID when the JVM ends (a shutdown hook): starting Keycloak is the slow part. Needs JDK 21+, at
 * the {@code keycloak.java.home} system property (the pom's default: {@code /usr/lib/jvm/temurin-25-jdk-amd64}).
 */
public final class Keycloak {

    public static final String REALM = "herald";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Keycloak shared;

    private final Process process;
    private final int port;
    private final Path log;

    private Keycloak(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The Keycloak of this test JVM, started on first use; fails with a clear message when it cannot start. */
    public static synchronized Keycloak shared() {
        if (shared == null) {
            shared = start();
            Keycloak k = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(k::stop, "keycloak-stop"));
        }
        return shared;
    }

    private static Keycloak start() {
        Path javaHome = Path.of(System.getProperty("keycloak.java.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            throw new IllegalStateException("Keycloak needs JDK 21 or newer: no java at " + javaHome
                    + " (set -Dkeycloak.java.home, the pom's keycloak.java.home property)");
        }
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.5.6"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak at " + home.toAbsolutePath()
                    + ": the build unpacks it (mvn dependency:unpack@keycloak-dist)");
        }
        try {
            deleteTree(home.resolve("data")); // every start from the imported realm, nothing left of an earlier run
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (var realm = Keycloak.class.getResourceAsStream("/keycloak/herald-realm.json")) {
                Files.copy(realm, imports.resolve("herald-realm.json"));
            }
            int port = HeraldNode.freePort();
            Path log = home.resolve("keycloak-it.log");
            ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--import-realm")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("JAVA_HOME", javaHome.toString());
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            Keycloak k = new Keycloak(pb.start(), port, log);
            k.awaitReady();
            // an EC key beside the realm's RSA one: client herald-es signs its tokens ES256 with it
            k.addKeyProvider("ecdsa-p256", "ecdsa-generated", 100, Map.of("ecdsaEllipticCurveKey", "P-256"));
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer()
                        + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        stop();
        throw new IllegalStateException("Keycloak not ready within " + START_TIMEOUT + ": " + tail());
    }

    /** Stops it by its PID (and its child, the JVM kc.sh started), waiting for both. */
    public void stop() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** The realm's issuer ({@code iss} of its tokens). */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** The realm's JWKS URL, as its OpenID configuration names it ({@code jwks_uri}). */
    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** An access token of {@code user} (password grant) from {@code client}. */
    public String token(String client, String user) {
        JsonObject answer = form(issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", client, "username", user, "password", user + "-pw"), null);
        return answer.getString("access_token");
    }

    /** @return the {@code kid} in a token's header */
    public static String kid(String token) {
        return header(token).getString("kid");
    }

    /** @return a token's header (unverified: for assertions) */
    public static JsonObject header(String token) {
        return part(token, 0);
    }

    /** @return a token's claims (unverified: for assertions) */
    public static JsonObject claims(String token) {
        return part(token, 1);
    }

    private static JsonObject part(String token, int index) {
        return read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8)).asJsonObject();
    }

    /** @return the first value of a component's config entry, or {@code absent} */
    public static String configValue(JsonObject component, String key, String absent) {
        JsonArray values = component.getJsonObject("config").getJsonArray(key);
        return values == null || values.isEmpty() ? absent : values.getString(0);
    }

    /** The realm's key providers ({@code org.keycloak.keys.KeyProvider} components). */
    public List<JsonObject> keyProviders() {
        return admin("GET", "/components?type=org.keycloak.keys.KeyProvider", null).asJsonArray().stream()
                .map(JsonValue::asJsonObject).toList();
    }

    /** Adds a generated key provider ({@code rsa-generated}, {@code ecdsa-generated}, …), as an operator would. */
    public void addKeyProvider(String name, String providerId, int priority, Map<String, String> config) {
        var c = Json.createObjectBuilder().add("priority", Json.createArrayBuilder().add(String.valueOf(priority)))
                .add("enabled", Json.createArrayBuilder().add("true")).add("active", Json.createArrayBuilder().add("true"));
        config.forEach((k, v) -> c.add(k, Json.createArrayBuilder().add(v)));
        admin("POST", "/components", Json.createObjectBuilder().add("name", name).add("providerId", providerId)
                .add("providerType", "org.keycloak.keys.KeyProvider").add("parentId", REALM).add("config", c).build());
    }

    /** Makes a key provider passive: its keys still verify (they stay in the JWKS) but no longer sign. */
    public void makePassive(JsonObject provider) {
        var config = Json.createObjectBuilder(provider.getJsonObject("config"))
                .add("active", Json.createArrayBuilder().add("false"));
        admin("PUT", "/components/" + provider.getString("id"),
                Json.createObjectBuilder(provider).add("config", config).build());
    }

    private JsonValue admin(String method, String path, JsonObject body) {
        String adminToken = form("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"),
                null).getString("access_token");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isBlank() ? JsonValue.NULL : read(r.body());
    }

    private static JsonObject form(String url, Map<String, String> fields, String bearer) {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return read(r.body()).asJsonObject();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonValue read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
