package io.herald.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.herald.auth.TestKeys.NOW;
import static io.herald.auth.TestKeys.claims;
import static io.herald.auth.TestKeys.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest {

    private static final RSAKey KEY = TestKeys.rsa("k1");
    private static final RSAKey OTHER = TestKeys.rsa("k2");
    private static final ECKey EC = TestKeys.ec("e1");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static TokenVerifier verifier(JWSAlgorithm alg, String keyText) {
        return verifier(rules(alg), keyText);
    }

    private static TokenVerifier verifier(TokenVerifier.Rules rules, String keyText) {
        return TokenVerifier.of(rules, VerificationKeys.of(KeyMaterial.parsePublicKeys(keyText), "test"), CLOCK);
    }

    private static TokenVerifier.Rules rules(JWSAlgorithm alg) {
        return new TokenVerifier.Rules(alg, Optional.of("iss-1"), Optional.empty(), Optional.empty(), 60, "tenant");
    }

    private final TokenVerifier rs256 = verifier(JWSAlgorithm.RS256, TestKeys.pem(KEY));

    @Test
    void validTokenGivesTenantUserRolesAndRoomGrants() throws Exception {
        Caller c = rs256.verify(sign(KEY, claims().claim("groups", List.of("herald-publisher", 7))
                .claim("rooms", List.of("private-team-*")).build()));
        assertEquals("acme", c.tenant());
        assertEquals("alice", c.user());
        assertEquals(Set.of("herald-publisher"), c.roles());
        assertEquals(List.of("private-team-*"), c.roomGrants());
        assertEquals(NOW.plusSeconds(60), c.expiresAt());
    }

    @Test
    void refusesWhatItMust() {
        String[] refused = {
                sign(OTHER, claims().build()),
                sign(KEY, claims().issuer("iss-2").build()),
                sign(KEY, claims().expirationTime(Date.from(NOW.minusSeconds(61))).build()),
                sign(KEY, claims().expirationTime(null).build()),
                sign(KEY, claims().claim("tenant", null).build()),
                sign(KEY, claims().claim("tenant", "ac me").build()),
                sign(KEY, claims().claim("tenant", 7).build()),
                sign(KEY, claims().subject(null).build()),
                sign(KEY, claims().notBeforeTime(Date.from(NOW.plusSeconds(61))).build()),
                "a.b", "a.b.c", "...", "x".repeat(9000), ""};
        for (String t : refused) {
            assertThrows(AuthenticationException.class, () -> rs256.verify(t), t);
        }
    }

    @Test
    void clockSkewAppliesToExpAndNbf() throws Exception {
        rs256.verify(sign(KEY, claims().expirationTime(Date.from(NOW.minusSeconds(30))).build()));
        rs256.verify(sign(KEY, claims().notBeforeTime(Date.from(NOW.plusSeconds(30))).build()));
    }

    @Test
    void noneHsAndOtherAlgorithmsAreRefusedWithAClearReason() throws Exception {
        String body = TestKeys.b64url(claims().build().toString());
        assertEquals("unsigned token (alg none) refused", reason(rs256, TestKeys.b64url("{\"alg\":\"none\"}") + "." + body + "."));

        // the classic confusion: the public key (its PEM text, as a server would hold it) used as an HMAC secret
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hs.sign(new MACSigner(TestKeys.pem(KEY).repeat(2).getBytes()));
        assertEquals("token algorithm HS256 refused: only RS256 is accepted", reason(rs256, hs.serialize()));

        SignedJWT rs384 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("k1").build(), claims().build());
        rs384.sign(new RSASSASigner(KEY));
        assertEquals("token algorithm RS384 refused: only RS256 is accepted", reason(rs256, rs384.serialize()));

        assertEquals("token algorithm ES256 refused: only RS256 is accepted", reason(rs256, sign(EC, claims().build())));
        String odd = TestKeys.b64url("{\"alg\":\"X\\u001b[31mevil\"}") + "." + body + ".c2ln";
        assertEquals("token algorithm of another kind refused: only RS256 is accepted", reason(rs256, odd));
    }

    @Test
    void es256WhenConfiguredAndOnlyThen() throws Exception {
        JWKSet both = new JWKSet(List.of(KEY.toPublicJWK(), EC.toPublicJWK()));
        TokenVerifier es256 = verifier(JWSAlgorithm.ES256, both.toString());
        assertEquals("alice", es256.verify(sign(EC, claims().build())).user());
        assertEquals("token algorithm RS256 refused: only ES256 is accepted", reason(es256, sign(KEY, claims().build())));
        assertEquals("alice", verifier(JWSAlgorithm.RS256, both.toString()).verify(sign(KEY, claims().build())).user());
    }

    @Test
    void inlineKeyAsPemBareBase64JwkOrJwks() throws Exception {
        String token = sign(KEY, claims().build());
        String bare = TestKeys.pem(KEY).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        for (String form : List.of(TestKeys.pem(KEY), bare, KEY.toPublicJWK().toJSONString(),
                new JWKSet(List.of(OTHER.toPublicJWK(), KEY.toPublicJWK())).toString())) {
            assertEquals("alice", verifier(JWSAlgorithm.RS256, form).verify(token).user(), form);
        }
        String ecPem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(EC.toECPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----";
        assertEquals("alice", verifier(JWSAlgorithm.ES256, ecPem).verify(sign(EC, claims().build())).user());
        assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parsePublicKeys("{\"keys\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> KeyMaterial.parsePublicKeys("not a key"));
    }

    @Test
    void aJwksKeyIsChosenByKidAndAnotherKidIsRefused() throws Exception {
        TokenVerifier v = verifier(JWSAlgorithm.RS256, new JWKSet(List.of(OTHER.toPublicJWK(), KEY.toPublicJWK())).toString());
        assertEquals("alice", v.verify(sign(OTHER, claims().build())).user());
        RSAKey unknown = new RSAKey.Builder(KEY).keyID("k9").build();
        assertEquals("no key known for the token's kid", reason(v, sign(unknown, claims().build())));
        RSAKey swapped = new RSAKey.Builder(OTHER).keyID("k1").build(); // signed by k2's key, claims k1
        assertEquals("bad token signature", reason(v, sign(swapped, claims().build())));
    }

    @Test
    void issuerAudiencesAndTokenAge() throws Exception {
        TokenVerifier v = verifier(new TokenVerifier.Rules(JWSAlgorithm.RS256, Optional.of("iss-1"),
                Optional.of(Set.of("herald", "api")), Optional.of(300L), 60, "org"), TestKeys.pem(KEY));
        JWTClaimsSet.Builder ok = claims().claim("org", "acme").audience(List.of("other", "api"))
                .issueTime(Date.from(NOW.minusSeconds(300)));
        assertEquals("acme", v.verify(sign(KEY, ok.build())).tenant());
        assertEquals("token audience not accepted", reason(v, sign(KEY, claims().claim("org", "acme")
                .audience("other").issueTime(Date.from(NOW)).build())));
        assertEquals("token has no iat claim (its age is checked)", reason(v, sign(KEY, claims().claim("org", "acme")
                .audience("api").build())));
        assertEquals("token too old (mp.jwt.verify.token.age)", reason(v, sign(KEY, claims().claim("org", "acme")
                .audience("api").issueTime(Date.from(NOW.minusSeconds(361))).build())));
        assertEquals("token issuer not accepted", reason(v, sign(KEY, ok.issuer("iss-2").build())));
        assertEquals("token claim 'org' is missing or not a valid name", reason(v, sign(KEY, claims()
                .audience("api").issueTime(Date.from(NOW)).build())));
    }

    @Test
    void refusalsAreLoggedOncePerReasonAndIntervalWithACount() {
        TestKeys.MutableClock clock = new TestKeys.MutableClock();
        RefusalLog log = new RefusalLog(Duration.ofSeconds(60), clock);
        assertEquals("credential refused: token expired", log.refused("token expired"));
        assertNull(log.refused("token expired"));
        assertNull(log.refused("token expired"));
        assertTrue(log.refused("bad token signature") != null, "another reason has its own line");
        clock.advance(Duration.ofSeconds(60));
        String line = log.refused("token expired");
        assertTrue(line.startsWith("credential refused: token expired (3 times since the last line"), line);
    }

    private static String reason(TokenVerifier v, String token) {
        return assertThrows(AuthenticationException.class, () -> v.verify(token), token).getMessage();
    }
}
