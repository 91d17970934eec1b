package io.herald.auth;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenVerifierTest {

    private static KeyPair keys;
    private static KeyPair other;
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final TokenVerifier verifier = TokenVerifier.of((RSAPublicKey) keys.getPublic(), "iss-1", "tenant",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        other = g.generateKeyPair();
    }

    @Test
    void validTokenGivesTenantUserAndRoles() throws Exception {
        Caller c = verifier.verify(token(keys.getPrivate(), "RS256",
                claims("iss-1", "alice", "acme", NOW.getEpochSecond() + 60) + ",\"groups\":[\"herald-publisher\",7]}"));
        assertEquals("acme", c.tenant());
        assertEquals("alice", c.user());
        assertEquals(Set.of("herald-publisher"), c.roles());
    }

    @Test
    void refusesWhatItMust() {
        long exp = NOW.getEpochSecond() + 60;
        String[] refused = {
                token(other.getPrivate(), "RS256", claims("iss-1", "alice", "acme", exp) + "}"),
                token(keys.getPrivate(), "HS256", claims("iss-1", "alice", "acme", exp) + "}"),
                token(keys.getPrivate(), "RS256", claims("iss-2", "alice", "acme", exp) + "}"),
                token(keys.getPrivate(), "RS256", claims("iss-1", "alice", "acme", NOW.getEpochSecond() - 61) + "}"),
                token(keys.getPrivate(), "RS256", "{\"iss\":\"iss-1\",\"sub\":\"alice\",\"tenant\":\"acme\"}"),
                token(keys.getPrivate(), "RS256", "{\"iss\":\"iss-1\",\"sub\":\"alice\",\"exp\":" + exp + "}"),
                token(keys.getPrivate(), "RS256", claims("iss-1", "alice", "ac me", exp) + "}"),
                token(keys.getPrivate(), "RS256", "[1]"),
                "a.b", "a.b.c", "...", "x".repeat(9000)};
        for (String t : refused) {
            assertThrows(AuthenticationException.class, () -> verifier.verify(t), t);
        }
    }

    @Test
    void expiryAllowsTheClockSkew() throws Exception {
        verifier.verify(token(keys.getPrivate(), "RS256", claims("iss-1", "alice", "acme", NOW.getEpochSecond() - 30) + "}"));
    }

    private static String claims(String iss, String sub, String tenant, long exp) {
        return "{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"tenant\":\"" + tenant + "\",\"exp\":" + exp;
    }

    private static String token(PrivateKey key, String alg, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(("{\"alg\":\"" + alg + "\"}").getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
