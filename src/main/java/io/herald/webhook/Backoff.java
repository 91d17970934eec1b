package io.herald.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: after the {@code n}th failed attempt the next waits a random time between half and
 * all of {@code first × 2^(n-1)}, capped at {@code max} (so receivers that failed together do not come back together,
 * and the wait still grows). Immutable.
 *
 * @param first the ceiling of the wait after the first failure, positive
 * @param max   the largest ceiling of any wait
 */
record Backoff(Duration first, Duration max) {

    /**
     * @param failed  attempts made so far, at least 1
     * @param random  a value in [0, 1)
     * @return how long to wait before the next attempt, in milliseconds
     */
    long delayMillis(int failed, DoubleSupplier random) {
        long ceiling = Math.max(1, first.toMillis());
        for (int i = 1; i < failed && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, Math.max(1, max.toMillis()));
        return ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    }

    /**
     * @param retryAfter the receiver's {@code Retry-After} header (of a 429 or 503), null when none; only the
     *                   delay-seconds form is read (an HTTP date is ignored)
     * @return {@link #delayMillis(int, DoubleSupplier)}, or longer when the receiver asked for longer, never past
     *         {@code max}
     */
    long delayMillis(int failed, DoubleSupplier random, String retryAfter) {
        long delay = delayMillis(failed, random);
        if (retryAfter != null && retryAfter.trim().matches("[0-9]{1,9}")) {
            delay = Math.max(delay, Math.min(Long.parseLong(retryAfter.trim()) * 1000, max.toMillis()));
        }
        return delay;
    }
}
