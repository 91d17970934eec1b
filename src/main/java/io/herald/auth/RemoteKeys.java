package io.herald.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys of a JWKS URL (an identity provider's {@code jwks_uri}), fetched on first use and cached, so that a
 * provider down at Herald's start fails nothing and a provider outage never refuses a token whose key is cached.
 * <ul>
 *   <li>A token whose {@code kid} is not in the cached set (the provider rotated its key) fetches the set again,
 *       at most once per {@code minInterval} whatever the tokens ask for (garbage {@code kid}s cannot make Herald
 *       hammer the provider).</li>
 *   <li>A set older than {@code ttl} is fetched again by the next verification (keys the provider removed are
 *       dropped then), by one thread while the others go on with the cached set, also at most once per
 *       {@code minInterval}.</li>
 *   <li>A failed fetch keeps the cached set, however old: Herald trusts the last keys it saw until the provider
 *       answers again.</li>
 * </ul>
 * Thread-safe: one fetch at a time; verifications read the cached set without a lock.
 */
final class RemoteKeys implements VerificationKeys {

    /** Fetches the JWKS document. */
    @FunctionalInterface
    interface Fetcher {
        String fetch() throws IOException;
    }

    private record Snapshot(List<JWK> keys, Instant fetchedAt) {
    }

    private static final System.Logger LOG = System.getLogger(RemoteKeys.class.getName());

    private final String url;
    private final Fetcher fetcher;
    private final Duration ttl;
    private final Duration minInterval;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Snapshot cached;
    /** Guarded by {@link #fetching}. */
    private Instant lastAttempt;

    RemoteKeys(String url, Fetcher fetcher, Duration ttl, Duration minInterval, Clock clock) {
        this.url = url;
        this.fetcher = fetcher;
        this.ttl = ttl;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    @Override
    public List<JWK> candidates(String kid, JWSAlgorithm algorithm) throws AuthenticationException {
        Snapshot seen = cached;
        if (seen != null) {
            if (clock.instant().isAfter(seen.fetchedAt().plus(ttl)) && fetching.tryLock()) {
                try {
                    seen = refresh(seen);
                } finally {
                    fetching.unlock();
                }
            }
            List<JWK> found = VerificationKeys.select(seen.keys(), kid, algorithm);
            if (!found.isEmpty()) {
                return found;
            }
        }
        fetching.lock(); // an unknown kid, or nothing fetched yet: this token needs the answer
        try {
            seen = refresh(seen);
        } finally {
            fetching.unlock();
        }
        if (seen == null) {
            throw new AuthenticationException("the identity provider's keys (JWKS) are not available");
        }
        return VerificationKeys.select(seen.keys(), kid, algorithm);
    }

    /** Holding {@link #fetching}: fetches the set unless another thread just did or the rate limit says no. */
    private Snapshot refresh(Snapshot seen) {
        Snapshot current = cached;
        if (current != seen) {
            return current; // fetched by another thread while this one waited
        }
        Instant now = clock.instant();
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minInterval))) {
            return current;
        }
        lastAttempt = now;
        try {
            List<JWK> keys = JWKSet.parse(fetcher.fetch()).toPublicJWKSet().getKeys();
            if (current == null || !VerificationKeys.kids(keys).equals(VerificationKeys.kids(current.keys()))) {
                LOG.log(System.Logger.Level.INFO, "JWKS " + url + ": kid " + VerificationKeys.kids(keys)
                        + (current == null ? "" : ", was " + VerificationKeys.kids(current.keys())));
            }
            cached = new Snapshot(List.copyOf(keys), now);
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "JWKS " + url + " could not be fetched (" + e.getMessage() + "): "
                    + (current == null ? "no key yet, tokens are refused" : "keeping the " + current.keys().size()
                    + " key(s) fetched at " + current.fetchedAt()) + "; next try in " + minInterval + " at the earliest");
        }
        return cached;
    }

    @Override
    public String description() {
        return "the JWKS at " + url + " (fetched on first use, kept " + ttl + " and through outages, fetched again"
                + " for an unknown kid at most every " + minInterval + ")";
    }
}
