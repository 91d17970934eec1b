package io.herald.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tenant tag's cap and the Prometheus text of Herald's own endpoint. */
class HeraldMetricsTest {

    private static HeraldMetrics metrics(int maxTenants) {
        HeraldMetrics m = new HeraldMetrics();
        m.enabled = true;
        m.maxTenants = maxTenants;
        m.start(); // no CDI container here: no registry, so Herald serves the text itself
        return m;
    }

    @Test
    void tenantsPastTheCapShareTheTagOtherAndTheirCountsAreSummed() {
        HeraldMetrics m = metrics(2);
        TenantStats a = m.tenant("a");
        m.tenant("b");
        TenantStats c = m.tenant("c");
        TenantStats d = m.tenant("d");
        assertEquals("a", a.tag());
        assertEquals("other", c.tag());
        assertEquals("other", d.tag());
        c.connectionOpened();
        d.connectionOpened();
        d.connectionOpened();
        d.connectionClosed(4508);
        d.queued(7);
        c.queued(3);
        String text = m.text();
        assertTrue(text.contains("herald_connections_opened_total{tenant=\"other\"} 3\n"), text);
        assertTrue(text.contains("herald_connections{tenant=\"other\"} 2\n"), text);
        assertTrue(text.contains("herald_connections_closed_total{tenant=\"other\",code=\"4508\"} 1\n"), text);
        assertTrue(text.contains("herald_connections_closed_total{tenant=\"other\",code=\"other\"} 0\n"), text);
        assertTrue(text.contains("herald_queue_depth_max{tenant=\"other\"} 7\n"), "the largest, not the sum: " + text);
        assertFalse(text.contains("tenant=\"c\""), text);
        assertEquals(1, count(text, "# TYPE herald_connections_opened_total counter\n"), "one family header: " + text);
    }

    @Test
    void latencyIsAPrometheusHistogramWithCumulativeBuckets() {
        HeraldMetrics m = metrics(10);
        TenantStats t = m.tenant("t");
        long now = System.nanoTime();
        t.delivered(3, now - TimeUnit.MILLISECONDS.toNanos(3));   // le 0.005
        t.delivered(1, now - TimeUnit.SECONDS.toNanos(20));      // +Inf only
        String text = m.text();
        assertTrue(text.contains("# TYPE herald_delivery_latency_seconds histogram\n"), text);
        assertTrue(text.contains("herald_delivery_latency_seconds_bucket{tenant=\"t\",le=\"0.0025\"} 0\n"), text);
        assertTrue(text.contains("herald_delivery_latency_seconds_bucket{tenant=\"t\",le=\"0.005\"} 3\n"), text);
        assertTrue(text.contains("herald_delivery_latency_seconds_bucket{tenant=\"t\",le=\"10.0\"} 3\n"), text);
        assertTrue(text.contains("herald_delivery_latency_seconds_bucket{tenant=\"t\",le=\"+Inf\"} 4\n"), text);
        assertTrue(text.contains("herald_delivery_latency_seconds_count{tenant=\"t\"} 4\n"), text);
        assertTrue(text.contains("herald_events_delivered_total{tenant=\"t\"} 4\n"), text);
    }

    @Test
    void switchedOffNothingIsExportedAndLatencyIsNotMeasured() {
        HeraldMetrics m = new HeraldMetrics();
        m.enabled = false;
        m.maxTenants = 10;
        m.start();
        TenantStats t = m.tenant("t");
        t.delivered(2, 0);
        assertEquals(2, t.delivered(), "the counters behind /api/v1/stats still count");
        assertFalse(t.timed());
        assertFalse(m.servesText());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
