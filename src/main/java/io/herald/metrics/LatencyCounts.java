package io.herald.metrics;

import java.util.Arrays;

/**
 * A snapshot of a publish→write latency histogram: the cumulative count of observations at or below each bound of
 * {@link #BOUNDS_SECONDS}, the last entry counting all ({@code +Inf}). What the admin feed turns into p50 and p99 over
 * an interval: {@link #minus} the snapshot before, then {@link #quantileSeconds}. An immutable value (the array is
 * copied in and never handed out); null-free.
 */
public final class LatencyCounts {

    /** The histogram's upper bounds, seconds (the same as the exported {@code le} values). */
    public static final double[] BOUNDS_SECONDS = LatencyHistogram.BOUNDS_SECONDS.clone();
    /** No observation yet. */
    public static final LatencyCounts EMPTY = new LatencyCounts(new long[BOUNDS_SECONDS.length + 1]);

    private final long[] cumulative;

    LatencyCounts(long[] cumulative) {
        if (cumulative.length != BOUNDS_SECONDS.length + 1) {
            throw new IllegalArgumentException("one count per bound and one for +Inf");
        }
        this.cumulative = cumulative.clone();
    }

    /** @return the observations of this snapshot that {@code earlier} had not seen (counts never go down) */
    public LatencyCounts minus(LatencyCounts earlier) {
        long[] d = new long[cumulative.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, cumulative[i] - earlier.cumulative[i]);
        }
        return new LatencyCounts(d);
    }

    /** @return the sum of both (the node's histogram from its tenants') */
    public LatencyCounts plus(LatencyCounts other) {
        long[] s = new long[cumulative.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = cumulative[i] + other.cumulative[i];
        }
        return new LatencyCounts(s);
    }

    /** @return how many observations */
    public long count() {
        return cumulative[cumulative.length - 1];
    }

    /**
     * The {@code q} quantile as Prometheus' {@code histogram_quantile} estimates it: the bucket holding the rank, then
     * linear interpolation within it (from 0 for the first bucket); a rank in the {@code +Inf} bucket gives the largest
     * finite bound.
     *
     * @param q in [0, 1]
     * @return seconds, or NaN when there is no observation
     */
    public double quantileSeconds(double q) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            if (cumulative[i] >= rank) {
                double lower = i == 0 ? 0 : BOUNDS_SECONDS[i - 1];
                long below = i == 0 ? 0 : cumulative[i - 1];
                long in = cumulative[i] - below;
                return in == 0 ? BOUNDS_SECONDS[i] : lower + (BOUNDS_SECONDS[i] - lower) * (rank - below) / in;
            }
        }
        return BOUNDS_SECONDS[BOUNDS_SECONDS.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyCounts l && Arrays.equals(cumulative, l.cumulative);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cumulative);
    }

    @Override
    public String toString() {
        return "LatencyCounts" + Arrays.toString(cumulative);
    }
}
