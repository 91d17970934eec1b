package io.herald.smoke;

import io.herald.it.Api;
import io.herald.it.RawWebSocket;
import io.herald.it.TestCertificate;
import io.herald.it.Tokens;
import io.herald.it.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 4, acceptance 3, for one server: the unchanged {@code target/herald.war} dropped into a stock server that
 * is configured only with {@code server-config/<server>/}, started the way an operator starts it (no Arquillian,
 * no test configuration inside the WAR), accepts a WebSocket with a JWT and delivers an event published over HTTP.
 * The JWT settings come from the server configuration; tokens are minted with the dev key pair. TLS is turned on
 * as the README says, with a keystore made at test time ({@link TestCertificate}); the plain listener stays on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StockServerSmoke {

    static final Duration BOOT = Duration.ofMinutes(3);
    static final Path WAR = Path.of(System.getProperty("herald.war", "target/herald.war")).toAbsolutePath();
    static final Path TARGET = WAR.getParent();
    static final Path SERVER_CONFIG = Path.of(System.getProperty("herald.serverConfig", "server-config")).toAbsolutePath();
    static final Path DEV_PUBLIC_KEY = Tokens.devKeys().resolve("dev-public.pem").toAbsolutePath();
    /** The demo feed on, through MicroProfile Config's environment variable mapping, as an operator would turn it on. */
    static final Map<String, String> DEMO_ON = Map.of("HERALD_DEMO_ENABLED", "true");
    static final String DEMO_TENANT = "demo";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Process server;
    private URL base;
    /** The server's TLS key and certificate, made before {@link #start()} for it to configure as the README says. */
    TestCertificate certificate;

    /** Prepares a stock server with the server-config applied, herald.war and {@link #certificate} in place, and starts it. */
    abstract Process start() throws Exception;

    /** @return where herald.war is served once started */
    abstract URL base() throws Exception;

    /** @return where herald.war is served over TLS ({@code https}) once started */
    abstract URL tlsBase() throws Exception;

    /** @return the MicroProfile Health readiness URL */
    abstract URI readiness();

    /** @return why herald.war failed to deploy, or null while there is no sign of that */
    String deploymentFailure() throws Exception {
        return null;
    }

    /** Makes {@link #certificate}, which {@link #start()} needs: a new keystore for this run. */
    void makeCertificate() throws Exception {
        certificate = TestCertificate.generate(TARGET.resolve("smoke-tls").resolve(getClass().getSimpleName()));
    }

    @BeforeAll
    void startServer() throws Exception {
        makeCertificate();
        server = start();
        base = base();
        Instant deadline = Instant.now().plus(BOOT);
        while (status(URI.create(base.toExternalForm()), Map.of()) != 200) {
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + " before herald.war answered");
            }
            String failure = deploymentFailure();
            if (failure != null) {
                fail("herald.war did not deploy: " + failure);
            }
            if (Instant.now().isAfter(deadline)) {
                fail("herald.war did not answer at " + base + " within " + BOOT);
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    @AfterAll
    void stopServer() throws InterruptedException {
        if (server != null) {
            stop(server);
        }
    }

    @Test
    void webSocketWithJwtReceivesAnEventPublishedOverHttp() {
        String tenant = "smoke-" + UUID.randomUUID();
        try (WsClient client = WsClient.connect(base, Tokens.user(tenant, "ann"))) {
            JsonObject receipt = Api.publish(base, tenant, "{\"type\":\"smoke.checked\",\"data\":{\"n\":1}}");
            assertEquals(1, receipt.getInt("recipients"));
            JsonObject event = client.nextEvent();
            assertEquals(receipt.getString("id"), event.getString("id"));
            assertEquals("smoke.checked", event.getString("type"));
            assertEquals(tenant, event.getString("tenant"));
            assertEquals(1, event.getJsonObject("data").getInt("n"));
        }
    }

    /** The feed's first event comes 2 s after deployment, then one every 2 s; most of them reach user alice. */
    @Test
    void demoFeedDeliversItsEventsWhenEnabled() {
        try (WsClient client = WsClient.connect(base, Tokens.user(DEMO_TENANT, "alice"))) {
            JsonObject event = client.nextEvent();
            assertEquals(DEMO_TENANT, event.getString("tenant"));
        }
    }

    /**
     * TLS with the keystore configured as the README says: the clients trust only that certificate, so a server
     * serving any other (its own default one) fails the handshake. One tenant across both listeners: a wss client
     * with the header, one with {@code ?access_token=}, and a plain ws one all get an event published over https.
     */
    @Test
    void wssClientsReceiveAnEventPublishedOverHttpsAsPlainOnesDo() throws Exception {
        String tenant = "tls-" + UUID.randomUUID();
        HttpClient tls = certificate.client();
        try (WsClient header = WsClient.open(tls, WsClient.uri(tlsBase(), null), Tokens.user(tenant, "ann"), null);
             WsClient query = WsClient.connect(tls, tlsBase(), Tokens.user(tenant, "bob"));
             WsClient plain = WsClient.connect(base, Tokens.user(tenant, "cy"))) {
            assertEquals("ann", header.expectType("welcome").getString("user"));
            JsonObject receipt = Api.publish(tls, tlsBase(), tenant, "{\"type\":\"tls.checked\"}");
            assertEquals(3, receipt.getInt("recipients"));
            for (WsClient client : List.of(header, query, plain)) {
                assertEquals(receipt.getString("id"), client.nextEvent().getString("id"));
            }
        }
    }

    @Test
    void refusalsOverTlsAreTheContractsJson() throws Exception {
        String upgrade = RawWebSocket.upgradeAnswer(certificate.trusting().getSocketFactory(), tlsBase(), "", "");
        assertTrue(upgrade.startsWith("HTTP/1.1 401"), upgrade);
        assertTrue(upgrade.contains("\"error\":\"unauthorized\""), upgrade);
        Api.Answer publish = Api.post(certificate.client(), tlsBase(), "api/v1/events", null, "{\"type\":\"tls.refused\"}");
        assertEquals(401, publish.status(), publish.toString());
        assertEquals("unauthorized", publish.body().getString("error"));
    }

    @Test
    void upgradeWithoutCredentialIsRefusedWith401() {
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), null));
    }

    /** Herald verifies tokens itself: were the container's MP-JWT active for herald.war, a bad bearer would be 401. */
    @Test
    void containerMpJwtStaysOffForHerald() throws Exception {
        assertEquals(200, status(URI.create(base.toExternalForm()), Map.of("Authorization", "Bearer not-a-jwt")));
    }

    @Test
    void healthReadinessIsServed() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(readiness()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"UP\""), r.body());
    }

    static int status(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Starts a process with its output in {@code log}; the environment variables mapped to null are removed. */
    static Process launch(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb.start();
    }

    /** Runs a command to its end, within the time limit; fails on a non-zero exit. */
    static void run(List<String> command, Map<String, String> env, Path log, Duration limit) throws Exception {
        Process p = launch(command, env, log);
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            stop(p);
            fail(command + " did not finish within " + limit + "; see " + log);
        }
        assertEquals(0, p.exitValue(), command + " failed; see " + log + ":\n" + Files.readString(log));
    }

    /** Stops a process and everything it started: politely, then after 30 s by force. */
    static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(p.descendants(), Stream.of(p.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
