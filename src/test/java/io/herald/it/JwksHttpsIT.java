package io.herald.it;

import com.sun.net.httpserver.HttpsServer;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JWKS served over https with a certificate of a private CA (a key pair and self-signed certificate made by the
 * JDK's keytool when the test starts), trusted by Herald through {@code herald.jwt.jwks.truststore} (the CA as PEM).
 */
@ExtendWith(ArquillianExtension.class)
class JwksHttpsIT {

    private static final String KID = "https-test-key";
    private static final KeyPair SIGNING = rsaKeyPair();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static HttpsServer jwks;
    /** Watched from before the deployment: TokenVerifier logs its library when the application starts. */
    private static ServerLog library;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        TestTls tls = TestTls.generate(Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "jwks-https"));
        jwks = start(tls);
        library = ServerLog.watchFor(Pattern.compile("JWT verification by"));
        return HeraldDeployment.war(Map.of(
                "mp.jwt.verify.publickey.location", "https://127.0.0.1:" + jwks.getAddress().getPort() + "/certs",
                "herald.jwt.jwks.truststore", tls.caPem().toAbsolutePath().toString()));
    }

    @AfterAll
    static void stop() {
        if (library != null) {
            library.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @Test
    void aTokenSignedByAKeyOfTheHttpsJwksIsAcceptedAndAnotherRefused() throws Exception {
        try (WsClient c = WsClient.open(WsClient.uri(base, null), Tokens.signedWith(SIGNING.getPrivate(), KID, "https-t", "u1"), null)) {
            JsonObject welcome = c.expectType("welcome");
            assertEquals("https-t", welcome.getString("tenant"));
        }
        // the WAR's own copy, not the server's (Payara ships an older one for its MicroProfile JWT)
        List<String> lines = library.lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("WEB-INF/lib/nimbus-jose-jwt-"), lines.get(0));
        assertTrue(FETCHES.get() >= 1, "Herald fetched the JWKS over https");
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(base, null), Tokens.signedByForeignKey("https-t", "u2")));
    }

    private static HttpsServer start(TestTls tls) throws Exception {
        HttpsServer server = tls.httpsServer();
        RSAPublicKey pub = (RSAPublicKey) SIGNING.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"n\":\""
                + b64.encodeToString(unsigned(pub.getModulus().toByteArray())) + "\",\"e\":\""
                + b64.encodeToString(unsigned(pub.getPublicExponent().toByteArray())) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/certs", exchange -> {
            FETCHES.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
