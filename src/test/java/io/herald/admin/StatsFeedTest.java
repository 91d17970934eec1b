package io.herald.admin;

import io.herald.metrics.LatencyCounts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StatsFeedTest {

    private static StatsFeed.Totals totals(long in, long out, long published, long delivered, long dropped) {
        return new StatsFeed.Totals("t", 3, in, out, published, delivered, dropped, LatencyCounts.EMPTY);
    }

    @Test
    void ratesArePerSecondOverTheIntervalBetweenTwoTicks() {
        StatsFrame.Figures f = totals(110, 1500, 40, 1400, 30).since(totals(100, 1000, 20, 900, 10), 2000L, null);
        assertEquals(3, f.connections());
        assertEquals(5.0, f.in());
        assertEquals(250.0, f.out());
        assertEquals(10.0, f.published());
        assertEquals(250.0, f.delivered());
        assertEquals(10.0, f.dropped());
        assertNull(f.p50Ms(), "no delivery was timed in the interval");
    }

    @Test
    void withoutAnIntervalThereIsNoRateAndATenantNewSinceTheLastTickCountsFromZero() {
        StatsFrame.Figures first = totals(7, 7, 7, 7, 7).since(null, null, null);
        assertNull(first.in());
        assertNull(first.p99Ms());
        StatsFrame.Figures fresh = totals(0, 500, 0, 0, 0).since(StatsFeed.Totals.NONE, 1000L, null);
        assertEquals(500.0, fresh.out());
    }

    @Test
    void aRateIsRoundedToATenthAndNeverNegative() {
        assertEquals(0.3, StatsFrame.rate(1, 0, 3000L));
        assertEquals(0.0, StatsFrame.rate(0, 5, 1000L));
        assertNull(StatsFrame.rate(5, 0, null));
    }
}
