package io.herald.metrics;

/** Why a credential was refused: the {@code reason} tag of {@code herald_auth_failures_total}, a fixed set. */
public enum AuthFailure {
    /** No credential at all. */
    MISSING,
    /** An API key and a token in one request. */
    CONFLICT,
    /** An API key that is malformed, unknown or revoked. */
    API_KEY,
    /** A token past its {@code exp} (plus skew) or older than {@code mp.jwt.verify.token.age}. */
    EXPIRED,
    /** Any other refused token: signature, algorithm, key, issuer, audience, claims, format. */
    INVALID;

    final String tag = name().toLowerCase(java.util.Locale.ROOT);
}
