package io.herald.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.security.CodeSource;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies signed JWTs (Nimbus JOSE+JWT) as MicroProfile JWT 2.1's configuration describes them, so the container's
 * own MP-JWT settings (and their environment variables, e.g. {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}) configure
 * Herald too: the key inline ({@code mp.jwt.verify.publickey}: PEM, JWK or JWKS) or at a location
 * ({@code mp.jwt.verify.publickey.location}: a file, a {@code classpath:} resource, or an http(s) URL serving a JWKS,
 * see {@link RemoteKeys}), one algorithm ({@code mp.jwt.verify.publickey.algorithm}, RS256 by default), issuer,
 * audiences, token age and clock skew.
 * <p>
 * Why Herald's own verifier rather than the container's MP-JWT mechanism: MP-JWT reads no query parameter, and
 * browsers cannot send headers on a WebSocket upgrade; one verifier for header, cookie and query parameter means all
 * accept exactly the same tokens on every server.
 * <p>
 * Only the configured algorithm is accepted: {@code none}, HS* (a public key used as an HMAC secret) and every other
 * algorithm are refused before any key is looked at. Required claims: {@code exp}, {@code sub}, the tenant claim
 * ({@code herald.jwt.tenant-claim}); {@code iat} too when {@code mp.jwt.verify.token.age} is set. {@code groups}
 * gives the roles, {@code rooms} the room grants. Every refusal is logged rate-limited ({@link RefusalLog}), never
 * the token. Thread-safe; its settings are immutable after start-up.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final System.Logger LOG = System.getLogger(TokenVerifier.class.getName());
    static final int MAX_TOKEN_CHARS = 8192;
    /** The algorithms {@code mp.jwt.verify.publickey.algorithm} may name: public-key signatures only. */
    static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /** Algorithm names a refusal may repeat: a fixed set, so a client cannot write what it likes into the log. */
    private static final Set<String> NAMEABLE = Set.of("none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA", "Ed25519");

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    String algorithmName;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuerSetting;

    /** Payara cannot inject {@code Optional<Set<String>>}: the comma-separated list is split here. */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audienceList;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.token.age")
    Optional<String> tokenAgeSetting;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "herald.jwt.tenant-claim", defaultValue = "tenant")
    String tenantClaim;

    @Inject
    @ConfigProperty(name = "herald.jwt.jwks.cache-ttl", defaultValue = "PT10M")
    Duration jwksTtl;

    @Inject
    @ConfigProperty(name = "herald.jwt.jwks.refresh-min-interval", defaultValue = "PT30S")
    Duration jwksMinInterval;

    @Inject
    @ConfigProperty(name = "herald.jwt.jwks.timeout", defaultValue = "PT3S")
    Duration jwksTimeout;

    @Inject
    @ConfigProperty(name = "herald.jwt.jwks.truststore")
    Optional<String> jwksTrustStore;

    @Inject
    @ConfigProperty(name = "herald.jwt.jwks.truststore-password")
    Optional<String> jwksTrustStorePassword;

    @Inject
    @ConfigProperty(name = "herald.jwt.refusal-log-interval", defaultValue = "PT60S")
    Duration refusalLogInterval;

    /** The verification rules, fixed at start-up. */
    record Rules(JWSAlgorithm algorithm, Optional<String> issuer, Optional<Set<String>> audiences,
                 Optional<Long> tokenAgeSeconds, long clockSkewSeconds, String tenantClaim) {
    }

    private Rules rules;
    /** Null when no usable key is configured: every token is refused. */
    private VerificationKeys keys;
    private RefusalLog refusals;
    private Clock clock = Clock.systemUTC();

    @PostConstruct
    void configure() {
        refusals = new RefusalLog(refusalLogInterval, clock);
        JWSAlgorithm algorithm = JWSAlgorithm.parse(algorithmName.trim());
        rules = new Rules(algorithm, issuerSetting, audienceList.map(list -> Set.of(list.trim().split("\\s*,\\s*"))),
                tokenAgeSetting.map(String::trim).map(Long::valueOf), clockSkewSeconds, tenantClaim);
        LOG.log(System.Logger.Level.INFO, "JWT verification by " + library());
        if (!SUPPORTED.contains(algorithm)) {
            LOG.log(System.Logger.Level.ERROR, "mp.jwt.verify.publickey.algorithm=" + algorithmName + " is not a"
                    + " public-key signature algorithm Herald accepts " + SUPPORTED + ": every token will be refused");
            return;
        }
        try {
            keys = loadKeys();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Herald cannot load its JWT public key: " + e.getMessage()
                    + " — every token will be refused");
            return;
        }
        if (keys == null) {
            LOG.log(System.Logger.Level.ERROR, "No mp.jwt.verify.publickey[.location] configured: every token will be refused");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "JWT: " + algorithm + " tokens verified with " + keys.description());
        if (!(keys instanceof RemoteKeys) && candidatesOrNone(null).isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "no configured key can verify " + algorithm + " tokens (check"
                    + " mp.jwt.verify.publickey.algorithm): every token will be refused");
        }
        if (issuerSetting.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "mp.jwt.verify.issuer is not set: tokens of any issuer signed by the key are accepted");
        }
    }

    private VerificationKeys loadKeys() {
        if (publicKey.isPresent()) {
            return VerificationKeys.of(KeyMaterial.parsePublicKeys(publicKey.get()), "mp.jwt.verify.publickey");
        }
        if (publicKeyLocation.isEmpty()) {
            return null;
        }
        String location = publicKeyLocation.get().trim();
        if (location.startsWith("http://") || location.startsWith("https://")) {
            JwksClient client = new JwksClient(URI.create(location), jwksTimeout,
                    jwksTrustStore.map(t -> JwksClient.trusting(t, jwksTrustStorePassword.orElse(null))).orElse(null));
            return new RemoteKeys(location, client, jwksTtl, jwksMinInterval, clock);
        }
        return VerificationKeys.of(KeyMaterial.parsePublicKeys(KeyMaterial.read(location)),
                "mp.jwt.verify.publickey.location=" + location);
    }

    /**
     * Made at start-up rather than at the first token, so that the configuration's log lines (no key, a bad key, no
     * issuer) come when the application is deployed. A JWKS is still fetched only when a token needs it.
     */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // nothing more: CDI created this bean (and ran configure) to deliver the event
    }

    private List<JWK> candidatesOrNone(String kid) {
        try {
            return keys.candidates(kid, rules.algorithm());
        } catch (AuthenticationException e) {
            return List.of();
        }
    }

    /** Which JOSE library verifies, and from where it was loaded (the WAR's copy, not a server's own). */
    private static String library() {
        CodeSource source = JWSObject.class.getProtectionDomain().getCodeSource();
        return "Nimbus JOSE+JWT " + JWSObject.class.getPackage().getImplementationVersion()
                + " from " + (source == null ? "an unknown location" : source.getLocation());
    }

    /** For tests of the pure logic: a verifier with given rules, keys and clock. */
    static TokenVerifier of(Rules rules, VerificationKeys keys, Clock clock) {
        TokenVerifier v = new TokenVerifier();
        v.rules = rules;
        v.keys = keys;
        v.clock = clock;
        v.refusals = new RefusalLog(Duration.ofMinutes(1), clock);
        return v;
    }

    /**
     * @param token the compact JWT, never null
     * @return the caller it names, never null
     * @throws AuthenticationException with a reason safe to show when the token is refused (also logged,
     *                                 rate-limited)
     */
    public Caller verify(String token) throws AuthenticationException {
        try {
            return callerOf(verifiedClaims(token));
        } catch (AuthenticationException e) {
            refusals.refused(e.getMessage());
            throw e;
        }
    }

    private JWTClaimsSet verifiedClaims(String token) throws AuthenticationException {
        if (keys == null) {
            throw new AuthenticationException("the server has no usable JWT key configured");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthenticationException("token too long");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new AuthenticationException("malformed token");
        }
        if (jwt instanceof PlainJWT) {
            throw new AuthenticationException("unsigned token (alg none) refused");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new AuthenticationException("encrypted tokens are not accepted");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!rules.algorithm().equals(algorithm)) {
            String name = NAMEABLE.contains(algorithm.getName()) ? algorithm.getName() : "of another kind";
            throw new AuthenticationException("token algorithm " + name + " refused: only " + rules.algorithm()
                    + " is accepted");
        }
        List<JWK> candidates = keys.candidates(signed.getHeader().getKeyID(), algorithm);
        if (candidates.isEmpty()) {
            throw new AuthenticationException("no key known for the token's kid");
        }
        for (JWK key : candidates) {
            if (verifies(signed, key)) {
                try {
                    return signed.getJWTClaimsSet();
                } catch (ParseException e) {
                    throw new AuthenticationException("malformed token claims");
                }
            }
        }
        throw new AuthenticationException("bad token signature");
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa.toRSAPublicKey())
                    : new ECDSAVerifier(((ECKey) key).toECPublicKey());
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private Caller callerOf(JWTClaimsSet claims) throws AuthenticationException {
        long now = clock.instant().getEpochSecond();
        long skew = rules.clockSkewSeconds();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthenticationException("token has no exp claim");
        }
        if (now > seconds(exp) + skew) {
            throw AuthenticationException.expired("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skew < seconds(nbf)) {
            throw new AuthenticationException("token not yet valid");
        }
        if (rules.tokenAgeSeconds().isPresent()) {
            Date iat = claims.getIssueTime();
            if (iat == null) {
                throw new AuthenticationException("token has no iat claim (its age is checked)");
            }
            if (now - skew > seconds(iat) + rules.tokenAgeSeconds().get()) {
                throw AuthenticationException.expired("token too old (mp.jwt.verify.token.age)");
            }
        }
        if (rules.issuer().isPresent() && !rules.issuer().get().equals(claims.getIssuer())) {
            throw new AuthenticationException("token issuer not accepted");
        }
        if (rules.audiences().isPresent()
                && claims.getAudience().stream().noneMatch(rules.audiences().get()::contains)) {
            throw new AuthenticationException("token audience not accepted");
        }
        String user = requireName(claims, "sub");
        String tenant = requireName(claims, rules.tenantClaim());
        return new Caller(tenant, user, new HashSet<>(strings(claims, "groups")), exp.toInstant(), null,
                strings(claims, "rooms"));
    }

    private static long seconds(Date date) {
        return date.getTime() / 1000;
    }

    private static String requireName(JWTClaimsSet claims, String claim) throws AuthenticationException {
        if (!(claims.getClaim(claim) instanceof String value) || !Caller.NAME.matcher(value).matches()) {
            throw new AuthenticationException("token claim '" + claim + "' is missing or not a valid name");
        }
        return value;
    }

    /** @return the strings of an array claim (other elements ignored); empty when absent or not an array */
    private static List<String> strings(JWTClaimsSet claims, String claim) {
        return claims.getClaim(claim) instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }
}
