package io.herald.limits;

/**
 * A token bucket: up to {@code capacity} actions at once, refilled at {@code perSecond}. Thread-safe (its monitor,
 * held for a few arithmetic operations); the clock is passed in so that the rule can be tested without waiting.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    /** @param capacity at least 1; {@code perSecond} above 0 */
    public TokenBucket(int capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** @return true when an action may go now (a token was taken) */
    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** @return how long until the next token, in nanoseconds (0 when one is there) */
    public synchronized long nanosUntilNext(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** @return true when the bucket is full again: nothing was taken lately, it can be forgotten */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
