package io.herald.admin;

import io.herald.metrics.LatencyCounts;
import io.herald.protocol.ControlFrames;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;

/**
 * The {@code herald.stats} frame: the node's figures over the last interval, the largest tenants and rooms. Rates are
 * per second over {@code interval_ms} (absent in the first frame after no admin watched: there is no interval yet);
 * latencies are publish→socket-write, p50 and p99 of the live deliveries completed in the interval, in milliseconds
 * (absent when there were none, or with {@code herald.metrics.enabled=false}). A null field is left out of the frame.
 * An immutable value.
 *
 * @param intervalMs the time since the previous snapshot, null in the first frame
 */
@JsonbPropertyOrder({"type", "at", "intervalMs", "node", "tenants", "rooms"})
public record StatsFrame(String type, String at, @JsonbProperty("interval_ms") Long intervalMs, Figures node,
                         List<Figures> tenants, List<Room> rooms) {

    public StatsFrame(String at, Long intervalMs, Figures node, List<Figures> tenants, List<Room> rooms) {
        this(ControlFrames.STATS_TYPE, at, intervalMs, node, tenants, rooms);
    }

    /**
     * The figures of the node or of one tenant.
     *
     * @param tenant  the tenant's name (null for the node's)
     * @param tenants tenants seen since start (the node's figures only; null for a tenant's)
     */
    @JsonbPropertyOrder({"tenant", "tenants", "connections", "in", "out", "published", "delivered", "dropped", "p50Ms", "p99Ms"})
    public record Figures(String tenant, Integer tenants, long connections, Double in, Double out, Double published, Double delivered,
                          Double dropped, @JsonbProperty("p50_ms") Double p50Ms, @JsonbProperty("p99_ms") Double p99Ms) {
    }

    @JsonbPropertyOrder({"tenant", "room", "members"})
    public record Room(String tenant, String room, int members) {
    }

    /** @return per second, to a tenth; null without an interval */
    static Double rate(long now, long before, Long intervalMs) {
        if (intervalMs == null || intervalMs <= 0) {
            return null;
        }
        return Math.round(Math.max(0, now - before) * 10_000.0 / intervalMs) / 10.0;
    }

    /** @return milliseconds to a hundredth, null when the interval saw no delivery */
    static Double millis(LatencyCounts interval, double q) {
        double s = interval.quantileSeconds(q);
        return Double.isNaN(s) ? null : Math.round(s * 100_000) / 100.0;
    }
}
