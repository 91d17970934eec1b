package io.herald.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyCountsTest {

    private static LatencyCounts recorded(long nanos, int count, LatencyHistogram h) {
        h.record(nanos, count);
        return h.snapshot();
    }

    @Test
    void quantilesInterpolateWithinTheBucketHoldingTheRankAsPrometheusDoes() {
        LatencyHistogram h = new LatencyHistogram();
        recorded(500_000, 50, h);               // 0.5 ms: bucket le=0.001
        LatencyCounts c = recorded(3_000_000, 50, h); // 3 ms: bucket le=0.005
        assertEquals(100, c.count());
        assertEquals(0.001, c.quantileSeconds(0.5), 1e-12);                     // rank 50: the top of the first bucket
        assertEquals(0.0025 + (0.005 - 0.0025) * (99 - 50) / 50.0, c.quantileSeconds(0.99), 1e-12);
    }

    @Test
    void anIntervalCountsOnlyWhatCameAfterTheEarlierSnapshot() {
        LatencyHistogram h = new LatencyHistogram();
        LatencyCounts before = recorded(20_000_000_000L, 1000, h); // 20 s: +Inf
        LatencyCounts after = recorded(700_000, 10, h);
        LatencyCounts interval = after.minus(before);
        assertEquals(10, interval.count());
        assertTrue(interval.quantileSeconds(0.99) <= 0.001, "the old slow ones are not in the interval");
        assertEquals(10.0, before.quantileSeconds(0.5), 1e-12, "+Inf gives the largest finite bound");
        assertEquals(1010, before.plus(interval).count());
    }

    @Test
    void noObservationHasNoQuantile() {
        assertTrue(Double.isNaN(LatencyCounts.EMPTY.quantileSeconds(0.5)));
        assertEquals(LatencyCounts.EMPTY, new LatencyHistogram().snapshot());
    }
}
