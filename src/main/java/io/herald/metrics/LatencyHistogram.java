package io.herald.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of publish→socket-write latencies with fixed bounds ({@link #BOUNDS_SECONDS}): one {@link LongAdder}
 * per bucket (not cumulative; the export adds them up) and one for the sum. Recording allocates nothing and takes no
 * lock. Thread-safe; reads are eventually consistent with each other.
 */
final class LatencyHistogram {

    /** Upper bounds of the buckets, seconds; a last bucket takes everything above ({@code +Inf}). */
    static final double[] BOUNDS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    private final LongAdder[] buckets = new LongAdder[BOUNDS_SECONDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records {@code count} observations of {@code nanos} each. */
    void record(long nanos, int count) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].add(count);
        sumNanos.add(Math.max(0, nanos) * count);
    }

    /** @return observations at or below bound {@code i} (cumulative); {@code i == BOUNDS_SECONDS.length}: all */
    long atOrBelow(int i) {
        long n = 0;
        for (int b = 0; b <= i; b++) {
            n += buckets[b].sum();
        }
        return n;
    }

    /** @return a snapshot of the cumulative counts (bucket by bucket: not taken at one instant) */
    LatencyCounts snapshot() {
        long[] c = new long[buckets.length];
        long n = 0;
        for (int b = 0; b < buckets.length; b++) {
            n += buckets[b].sum();
            c[b] = n;
        }
        return new LatencyCounts(c);
    }

    long count() {
        return atOrBelow(BOUNDS_SECONDS.length);
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
