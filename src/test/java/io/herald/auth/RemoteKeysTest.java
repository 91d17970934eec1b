package io.herald.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.herald.it.TestTls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.herald.auth.TestKeys.claims;
import static io.herald.auth.TestKeys.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JWKS URL: a real HTTP(S) server of the JDK serves the key set. */
class RemoteKeysTest {

    private static final RSAKey K1 = TestKeys.rsa("k1");
    private static final RSAKey K2 = TestKeys.rsa("k2");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final AtomicReference<String> served = new AtomicReference<>(jwks(K1));
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private final TestKeys.MutableClock clock = new TestKeys.MutableClock();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String jwks(RSAKey... keys) {
        return new JWKSet(List.of(keys)).toString(); // public parts only
    }

    private String startHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", this::answer);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
    }

    private void answer(HttpExchange exchange) throws IOException {
        fetches.incrementAndGet();
        byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status.get(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Valid claims at the test clock's now, which these tests move by far. */
    private com.nimbusds.jwt.JWTClaimsSet fresh() {
        return claims().expirationTime(java.util.Date.from(clock.instant().plusSeconds(60))).build();
    }

    private TokenVerifier verifier(String url) {
        RemoteKeys keys = new RemoteKeys(url, new JwksClient(URI.create(url), Duration.ofSeconds(2), null), TTL,
                MIN_INTERVAL, clock);
        return TokenVerifier.of(new TokenVerifier.Rules(JWSAlgorithm.RS256, Optional.of("iss-1"), Optional.empty(),
                Optional.empty(), 60, "tenant"), keys, clock);
    }

    @Test
    void fetchedOnFirstUseThenCachedAndARotatedKeyIsFetchedWithoutARestart() throws Exception {
        TokenVerifier v = verifier(startHttp());
        assertEquals(0, fetches.get(), "nothing fetched before a token needs it");
        for (int i = 0; i < 5; i++) {
            v.verify(sign(K1, claims().build()));
        }
        assertEquals(1, fetches.get());

        served.set(jwks(K1, K2)); // the provider rotates: k2 signs, k1 stays for the tokens already out
        clock.advance(MIN_INTERVAL);
        assertEquals("alice", v.verify(sign(K2, claims().build())).user());
        assertEquals("alice", v.verify(sign(K1, claims().build())).user());
        assertEquals(2, fetches.get());
    }

    @Test
    void unknownKidsFetchAtMostOncePerInterval() throws Exception {
        TokenVerifier v = verifier(startHttp());
        v.verify(sign(K1, claims().build()));
        clock.advance(MIN_INTERVAL);
        for (int i = 0; i < 20; i++) {
            RSAKey garbage = new RSAKey.Builder(K1).keyID("kid-" + i).build();
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> v.verify(sign(garbage, claims().build())));
            assertEquals("no key known for the token's kid", e.getMessage());
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(2, fetches.get(), "one fetch for the first unknown kid, none for the next 29 s");

        served.set(jwks(K1, K2));
        assertThrows(AuthenticationException.class, () -> v.verify(sign(K2, claims().build())), "still inside the interval");
        clock.advance(Duration.ofSeconds(10));
        assertEquals("alice", v.verify(sign(K2, claims().build())).user());
        assertEquals(3, fetches.get());
    }

    @Test
    void anOutageNeverRefusesATokenWhoseKeyIsCached() throws Exception {
        TokenVerifier v = verifier(startHttp());
        v.verify(sign(K1, fresh()));
        status.set(503);
        clock.advance(TTL.multipliedBy(3)); // long past the cache's time to live
        assertEquals("alice", v.verify(sign(K1, fresh())).user());
        assertEquals(2, fetches.get(), "the stale set was fetched again, and the failure kept it");
        server.stop(0); // now nothing answers at all
        server = null;
        clock.advance(TTL);
        assertEquals("alice", v.verify(sign(K1, fresh())).user());
        assertEquals("no key known for the token's kid",
                assertThrows(AuthenticationException.class, () -> v.verify(sign(K2, fresh()))).getMessage());
    }

    @Test
    void aProviderDownAtStartFailsNothingAndIsTriedAgainLater() throws Exception {
        String url = startHttp();
        status.set(500);
        TokenVerifier v = verifier(url);
        assertEquals("the identity provider's keys (JWKS) are not available",
                assertThrows(AuthenticationException.class, () -> v.verify(sign(K1, claims().build()))).getMessage());
        status.set(200);
        assertThrows(AuthenticationException.class, () -> v.verify(sign(K1, claims().build())), "rate-limited retry");
        clock.advance(MIN_INTERVAL);
        assertEquals("alice", v.verify(sign(K1, claims().build())).user());
        assertEquals(2, fetches.get());
    }

    @Test
    void aSlowProviderTimesOut() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", exchange -> {
            try {
                TimeUnit.SECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> new JwksClient(uri, Duration.ofMillis(300), null).fetch());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 3000, "gave up after " + millis + " ms");
    }

    @Test
    void httpsFromAPrivateCaIsTrustedThroughTheConfiguredTrustStoreOnly(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.generate(dir);
        Path pem = tls.caPem();
        Path truststore = dir.resolve("trust.p12");
        TestTls.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", "secret2");
        HttpsServer https = tls.httpsServer();
        https.createContext("/certs", this::answer);
        https.start();
        server = https;
        URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/certs");

        assertThrows(IOException.class, () -> new JwksClient(uri, Duration.ofSeconds(2), null).fetch(),
                "the JVM's default trust does not know the private CA");
        assertEquals(jwks(K1), new JwksClient(uri, Duration.ofSeconds(2), JwksClient.trusting(pem.toString(), null)).fetch());
        assertEquals(jwks(K1), new JwksClient(uri, Duration.ofSeconds(2),
                JwksClient.trusting("file:" + truststore, "secret2")).fetch());
        assertThrows(IllegalArgumentException.class, () -> JwksClient.trusting(truststore.toString(), "wrong"));
    }
}
