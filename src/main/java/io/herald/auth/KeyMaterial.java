package io.herald.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;

/**
 * Reads key material named by configuration (a file path, a {@code file:} URL or a {@code classpath:} resource) and
 * parses the public-key forms MicroProfile JWT accepts: PEM (or its bare base64 body), a JWK, or a JWKS.
 * Stateless; every method is thread-safe.
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** @return the text at {@code location}; throws {@link UncheckedIOException} when it cannot be read */
    public static String read(String location) {
        return new String(readBytes(location), StandardCharsets.UTF_8);
    }

    /** @return the bytes at {@code location}; throws {@link UncheckedIOException} when it cannot be read */
    public static byte[] readBytes(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("no classpath resource " + resource);
                    }
                    return in.readAllBytes();
                }
            }
            String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** The DER bytes of a PEM block, or of a bare base64 string. */
    public static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /**
     * @param text a JWKS ({@code {"keys":[…]}}), one JWK, or a PEM public key ({@code BEGIN PUBLIC KEY}, RSA or EC)
     *             or its bare base64 body
     * @return the public keys it holds (private parts, if any, dropped), never empty
     * @throws IllegalArgumentException when it is none of these, saying why
     */
    static JWKSet parsePublicKeys(String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("{")) {
                JWKSet set = trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed) : new JWKSet(JWK.parse(trimmed));
                if (set.getKeys().isEmpty()) {
                    throw new IllegalArgumentException("the JWKS holds no key");
                }
                return set.toPublicJWKSet();
            }
            return new JWKSet(jwkOf(publicKeyOf(pemBody(trimmed))));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK or JWKS: " + e.getMessage(), e);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a public key in PEM, JWK or JWKS form: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKeyOf(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        GeneralSecurityException first = null;
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private static JWK jwkOf(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        if (curve == null) {
            throw new IllegalArgumentException("an EC key on a curve JOSE does not name");
        }
        return new ECKey.Builder(curve, ec).build();
    }
}
