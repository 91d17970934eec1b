package io.herald.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.StringReader;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies RS256 JWTs against MicroProfile JWT's standard configuration keys, so the container's own MP-JWT
 * settings (and their environment variables, e.g. {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}) configure Herald too.
 * <p>
 * Why our own verifier rather than the container's MP-JWT mechanism: MP-JWT reads no query parameter, and browsers
 * cannot send headers on a WebSocket upgrade; one verifier for header and query parameter means both paths accept
 * exactly the same tokens on every server.
 * <p>
 * Required claims: {@code exp}, {@code sub}, the tenant claim ({@code herald.jwt.tenant-claim}); {@code iss} must
 * equal {@code mp.jwt.verify.issuer} when that is set. {@code groups} gives the roles. Thread-safe and immutable
 * after start-up.
 */
@ApplicationScoped
public class TokenVerifier {

    /** Json.createReader looks the JSON-P provider up (a ServiceLoader scan) on every call: one factory, shared. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private static final System.Logger LOG = System.getLogger(TokenVerifier.class.getName());
    private static final int MAX_TOKEN_CHARS = 8192;
    /** Tenants and users become map keys and appear in frames: keep them printable and short. */
    static final Pattern NAME = Pattern.compile("[\\p{Alnum}._:@|+\\-]{1,128}");

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audienceList;

    /** Payara cannot inject {@code Optional<Set<String>>}: the comma-separated list is split here. */
    private Optional<Set<String>> audiences = Optional.empty();

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "herald.jwt.tenant-claim", defaultValue = "tenant")
    String tenantClaim;

    private RSAPublicKey key;
    private Clock clock = Clock.systemUTC();

    @PostConstruct
    void loadKey() {
        audiences = audienceList.map(list -> Set.of(list.trim().split("\\s*,\\s*")));
        try {
            Optional<String> pem = publicKey.isPresent() ? publicKey : publicKeyLocation.map(KeyMaterial::read);
            key = pem.map(TokenVerifier::parsePublicKey).orElse(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Herald cannot load its JWT public key: " + e.getMessage()
                    + " — every token will be refused");
        }
        if (key == null) {
            LOG.log(System.Logger.Level.ERROR, "No mp.jwt.verify.publickey[.location] configured: every token will be refused");
        }
        if (issuer.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "mp.jwt.verify.issuer is not set: tokens of any issuer signed by the key are accepted");
        }
    }

    /** For tests of the pure logic: a verifier with a given key and clock. */
    static TokenVerifier of(RSAPublicKey key, String issuer, String tenantClaim, Clock clock) {
        TokenVerifier v = new TokenVerifier();
        v.key = key;
        v.issuer = Optional.ofNullable(issuer);
        v.tenantClaim = tenantClaim;
        v.clockSkewSeconds = 60;
        v.clock = clock;
        return v;
    }

    /**
     * @param token the compact JWT, never null
     * @return the caller it names, never null
     * @throws AuthenticationException with a reason safe to show when the token is refused
     */
    public Caller verify(String token) throws AuthenticationException {
        if (key == null) {
            throw new AuthenticationException("the server has no JWT key configured");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthenticationException("token too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new AuthenticationException("malformed token");
        }
        JsonObject header = json(parts[0]);
        if (!"RS256".equals(string(header, "alg"))) {
            throw new AuthenticationException("token algorithm must be RS256");
        }
        if (!signatureValid(parts)) {
            throw new AuthenticationException("bad token signature");
        }
        return callerOf(json(parts[1]));
    }

    private boolean signatureValid(String[] parts) throws AuthenticationException {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("malformed token signature");
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Caller callerOf(JsonObject claims) throws AuthenticationException {
        long now = clock.instant().getEpochSecond();
        long exp = number(claims, "exp").orElseThrow(() -> new AuthenticationException("token has no exp claim"));
        if (now > exp + clockSkewSeconds) {
            throw new AuthenticationException("token expired");
        }
        Optional<Long> nbf = number(claims, "nbf");
        if (nbf.isPresent() && now + clockSkewSeconds < nbf.get()) {
            throw new AuthenticationException("token not yet valid");
        }
        if (issuer.isPresent() && !issuer.get().equals(string(claims, "iss"))) {
            throw new AuthenticationException("token issuer not accepted");
        }
        if (audiences.isPresent() && !audienceMatches(claims)) {
            throw new AuthenticationException("token audience not accepted");
        }
        String user = requireName(claims, "sub");
        String tenant = requireName(claims, tenantClaim);
        return new Caller(tenant, user, groups(claims), Instant.ofEpochSecond(exp), null, strings(claims, "rooms"));
    }

    private boolean audienceMatches(JsonObject claims) {
        JsonValue aud = claims.get("aud");
        if (aud instanceof JsonString s) {
            return audiences.get().contains(s.getString());
        }
        if (aud instanceof JsonArray a) {
            return a.stream().anyMatch(v -> v instanceof JsonString s && audiences.get().contains(s.getString()));
        }
        return false;
    }

    private static String requireName(JsonObject claims, String claim) throws AuthenticationException {
        String value = string(claims, claim);
        if (value == null || !NAME.matcher(value).matches()) {
            throw new AuthenticationException("token claim '" + claim + "' is missing or not a valid name");
        }
        return value;
    }

    private static Set<String> groups(JsonObject claims) {
        return new HashSet<>(strings(claims, "groups"));
    }

    /** @return the strings of an array claim (other elements ignored); empty when absent or not an array */
    private static List<String> strings(JsonObject claims, String claim) {
        List<String> values = new ArrayList<>();
        if (claims.get(claim) instanceof JsonArray a) {
            a.forEach(v -> {
                if (v instanceof JsonString s) {
                    values.add(s.getString());
                }
            });
        }
        return values;
    }

    private static JsonObject json(String base64url) throws AuthenticationException {
        try (JsonReader reader = READERS.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (IllegalArgumentException | JsonParsingException | ClassCastException e) {
            throw new AuthenticationException("malformed token");
        } catch (RuntimeException e) { // JsonException for a value that is not an object
            throw new AuthenticationException("malformed token");
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static Optional<Long> number(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /** Accepts PEM ({@code -----BEGIN PUBLIC KEY-----}) or its bare base64 body. */
    static RSAPublicKey parsePublicKey(String pem) {
        try {
            byte[] der = KeyMaterial.pemBody(pem);
            PublicKey k = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return (RSAPublicKey) k;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM form: " + e.getMessage(), e);
        }
    }
}
