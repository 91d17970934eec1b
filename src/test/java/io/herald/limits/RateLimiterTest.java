package io.herald.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aKeyMayTakeItsBurstThenWaitsForTheRateOtherKeysAreApart() {
        RateLimiter limiter = new RateLimiter(2, 3);
        long t = 1_000 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.secondsToWait("a", t), "the burst");
        }
        assertEquals(1, limiter.secondsToWait("a", t), "then it waits: half a second at 2/s, said as 1 s");
        assertEquals(0, limiter.secondsToWait("b", t), "another key has its own bucket");
        assertEquals(0, limiter.secondsToWait("a", t + SECOND / 2), "refilled at 2 per second");
        assertTrue(limiter.secondsToWait("a", t + SECOND / 2) > 0);
    }

    @Test
    void zeroIsNoLimitAndIdleBucketsAreForgotten() {
        RateLimiter off = new RateLimiter(0, 1);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, off.secondsToWait("a", i));
        }
        RateLimiter limiter = new RateLimiter(1000, 10);
        long t = 0;
        for (int i = 0; i < RateLimiter.SWEEP_EVERY - 1; i++) {
            limiter.secondsToWait("key-" + i, t);
        }
        assertEquals(RateLimiter.SWEEP_EVERY - 1, limiter.size());
        limiter.secondsToWait("late", t + 60 * SECOND);
        assertEquals(1, limiter.size(), "the sweep forgot every bucket that had refilled");
    }
}
