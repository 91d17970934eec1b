package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Mints RS256 JWTs for tests with the dev key pair of server-config/dev (or a foreign key, to be refused). */
public final class Tokens {

    public static final String ISSUER = "herald-dev";
    private static final PrivateKey DEV_KEY = load(devKeys().resolve("dev-private.pem"));
    private static PrivateKey foreignKey;

    private Tokens() {
    }

    public static Path devKeys() {
        return Path.of(System.getProperty("herald.devKeys", "server-config/dev"));
    }

    public static String user(String tenant, String user) {
        return sign(DEV_KEY, claims(tenant, user, 3600));
    }

    /** A user token whose {@code exp} is the given second (a session that must end or be refreshed mid-test). */
    public static String expiringAt(String tenant, String user, long expEpochSecond) {
        return sign(DEV_KEY, claims(tenant, user, 0).add("exp", expEpochSecond));
    }

    public static String publisher(String tenant) {
        return sign(DEV_KEY, claims(tenant, "publisher", 3600).add("groups", Json.createArrayBuilder().add("herald-publisher")));
    }

    public static String admin() {
        return sign(DEV_KEY, claims("ops", "admin", 3600).add("groups", Json.createArrayBuilder().add("herald-admin")));
    }

    /** A user token whose {@code rooms} claim grants these room names or patterns ({@code private-team-*}). */
    public static String withRooms(String tenant, String user, String... rooms) {
        JsonArrayBuilder grants = Json.createArrayBuilder();
        for (String room : rooms) {
            grants.add(room);
        }
        return sign(DEV_KEY, claims(tenant, user, 3600).add("rooms", grants));
    }

    public static String expired(String tenant, String user) {
        return sign(DEV_KEY, claims(tenant, user, -600));
    }

    public static String withoutTenant(String user) {
        JsonObjectBuilder c = claims("x", user, 3600);
        c.remove("tenant");
        return sign(DEV_KEY, c);
    }

    public static String signedByForeignKey(String tenant, String user) {
        synchronized (Tokens.class) {
            if (foreignKey == null) {
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    foreignKey = g.generateKeyPair().getPrivate();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sign(foreignKey, claims(tenant, user, 3600));
    }

    /** A valid user token signed by {@code key}, its header naming {@code kid} (a key of a test JWKS). */
    public static String signedWith(PrivateKey key, String kid, String tenant, String user) {
        return sign(key, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}", claims(tenant, user, 3600));
    }

    private static JsonObjectBuilder claims(String tenant, String user, long ttlSeconds) {
        long now = Instant.now().getEpochSecond();
        JsonArrayBuilder noGroups = Json.createArrayBuilder();
        return Json.createObjectBuilder().add("iss", ISSUER).add("sub", user).add("tenant", tenant)
                .add("iat", now).add("exp", now + ttlSeconds).add("jti", UUID.randomUUID().toString())
                .add("groups", noGroups);
    }

    private static String sign(PrivateKey key, JsonObjectBuilder claims) {
        return sign(key, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims);
    }

    private static String sign(PrivateKey key, String header, JsonObjectBuilder claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey load(Path pem) {
        try {
            String body = Files.readString(pem).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the dev private key at " + pem, e);
        }
    }
}
