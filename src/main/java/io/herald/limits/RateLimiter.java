package io.herald.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Token buckets by key (a remote address, a tenant), created on first use. Memory follows activity: every
 * {@link #SWEEP_EVERY} checks, buckets that have refilled completely (nothing taken for a while) are forgotten.
 * {@code perSecond} 0 turns the limit off. Thread-safe: a check is one atomic take on the key's bucket, so concurrent
 * callers can never take more than the bucket holds.
 */
public final class RateLimiter {

    static final int SWEEP_EVERY = 4096;

    private final int burst;
    private final double perSecond;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger checks = new AtomicInteger();

    /**
     * @param perSecond sustained rate per key; 0 or less: no limit
     * @param burst     what a key may do at once, at least 1
     */
    public RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    /** @return 0 when the action of {@code key} may go now, else the seconds (at least 1) to wait before retrying */
    public long secondsToWait(String key) {
        return secondsToWait(key, System.nanoTime());
    }

    long secondsToWait(String key, long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        if (checks.incrementAndGet() % SWEEP_EVERY == 0) {
            buckets.values().removeIf(b -> b.isFull(nowNanos));
        }
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond, nowNanos));
        if (bucket.tryTake(nowNanos)) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(bucket.nanosUntilNext(nowNanos) / 1e9));
    }

    /** @return the keys with a bucket now, for tests */
    int size() {
        return buckets.size();
    }
}
