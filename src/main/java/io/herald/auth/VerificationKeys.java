package io.herald.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;

import java.util.List;

/**
 * Where the public keys that verify token signatures come from: configured inline or in a file ({@link #of(JWKSet,
 * String)}), or fetched from a JWKS URL ({@link RemoteKeys}). Implementations are thread-safe.
 */
interface VerificationKeys {

    /**
     * @param kid       the token's {@code kid} header, null when it has none
     * @param algorithm the token's (already accepted) algorithm
     * @return the keys that may have signed it, possibly empty (no key for that {@code kid}); never null
     * @throws AuthenticationException when no key set is available at all (a JWKS never fetched)
     */
    List<JWK> candidates(String kid, JWSAlgorithm algorithm) throws AuthenticationException;

    /** @return where the keys come from, for the start-up log line; never null, never a secret */
    String description();

    /** Keys fixed at start-up: a PEM key, a JWK or a JWKS, inline or read from a file. */
    static VerificationKeys of(JWKSet keys, String source) {
        List<JWK> all = List.copyOf(keys.getKeys());
        return new VerificationKeys() {
            @Override
            public List<JWK> candidates(String kid, JWSAlgorithm algorithm) {
                return select(all, kid, algorithm);
            }

            @Override
            public String description() {
                return all.size() + " key(s) from " + source + " (kid: " + kids(all) + ")";
            }
        };
    }

    /**
     * The keys of {@code keys} that can verify a token of {@code algorithm} with {@code kid}: the key type and (EC)
     * curve of the algorithm, not marked for another use or algorithm, and the same {@code kid}. A key without a
     * {@code kid} (a PEM key) matches any token; a token without one is tried against every key of the right type.
     */
    static List<JWK> select(List<JWK> keys, String kid, JWSAlgorithm algorithm) {
        KeyType type = KeyType.forAlgorithm(algorithm);
        return keys.stream()
                .filter(k -> k.getKeyType().equals(type))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> k.getAlgorithm() == null || k.getAlgorithm().equals(algorithm))
                .filter(k -> kid == null || k.getKeyID() == null || kid.equals(k.getKeyID()))
                .filter(k -> !(k instanceof ECKey ec) || Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve()))
                .toList();
    }

    static String kids(List<JWK> keys) {
        return keys.stream().map(k -> k.getKeyID() == null ? "none" : k.getKeyID()).toList().toString();
    }
}
