package io.herald.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

    @Test
    void eachWaitIsBetweenHalfAndAllOfADoublingCeiling() {
        assertEquals(1000, backoff.delayMillis(1, () -> 0));
        assertEquals(1999, backoff.delayMillis(1, () -> 0.9999));
        assertEquals(2000, backoff.delayMillis(2, () -> 0));
        assertEquals(4000, backoff.delayMillis(3, () -> 0));
        assertEquals(12_000, backoff.delayMillis(4, () -> 0.5));
    }

    @Test
    void theCeilingStopsAtTheMaximumHoweverManyAttempts() {
        assertEquals(30_000, backoff.delayMillis(6, () -> 0));   // 2 s × 32 = 64 s, capped at 60 s
        assertEquals(30_000, backoff.delayMillis(1_000, () -> 0));
        assertEquals(59_999, backoff.delayMillis(Integer.MAX_VALUE, () -> 0.99999));
    }

    @Test
    void aLongerRetryAfterOfTheReceiverIsHonouredUpToTheMaximum() {
        assertEquals(10_000, backoff.delayMillis(1, () -> 0, "10"));
        assertEquals(60_000, backoff.delayMillis(1, () -> 0, "3600"), "never past max-backoff");
        assertEquals(1000, backoff.delayMillis(1, () -> 0, "0"), "a shorter one: the backoff's own");
        assertEquals(1000, backoff.delayMillis(1, () -> 0, "Wed, 21 Oct 2026 07:28:00 GMT"), "a date: ignored");
        assertEquals(1000, backoff.delayMillis(1, () -> 0, null));
    }
}
