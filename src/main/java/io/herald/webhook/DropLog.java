package io.herald.webhook;

import io.herald.metrics.WebhookDrop;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Logs given-up webhooks at WARNING without letting a receiver that is down flood the log: per receiver and reason, the
 * first drop at once, later ones at most once per interval, naming the last one and how many were dropped since the
 * last line (one receiver's outage does not hide another's). A line names the tenant, the change, the receiver's label
 * and why; never a secret, a URL's path or a body. The receivers are the configured ones, so the windows are few.
 * Thread-safe.
 */
final class DropLog {

    private static final System.Logger LOG = System.getLogger(DropLog.class.getName());

    private final long intervalNanos;
    /** Receiver's label and reason → {when the next line may be logged, drops not logged yet}. */
    private final ConcurrentMap<String, long[]> windows = new ConcurrentHashMap<>();

    DropLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    void dropped(WebhookDrop reason, String tenant, Hook hook, Target target, String why) {
        long now = System.nanoTime();
        long since;
        long[] w = windows.computeIfAbsent(target.label() + " " + reason, k -> new long[]{Long.MIN_VALUE, 0});
        synchronized (w) {
            w[1]++;
            if (w[0] != Long.MIN_VALUE && now - w[0] < 0) {
                return;
            }
            w[0] = now + intervalNanos;
            since = w[1];
            w[1] = 0;
        }
        LOG.log(System.Logger.Level.WARNING, "webhook dropped ({0}): tenant {1}, {2} to the {3}: {4}{5}",
                reason.name().toLowerCase(java.util.Locale.ROOT), tenant, hook.wire, target, why,
                since > 1 ? " (" + since + " dropped to this receiver for this reason since the last line; at most one line per "
                        + Duration.ofNanos(intervalNanos) + ")" : "");
    }
}
