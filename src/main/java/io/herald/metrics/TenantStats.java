package io.herald.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lifetime counters of one tenant: what {@code GET /api/v1/stats} shows and what the metrics export reads, the same
 * adders (there is no second copy). Each figure has one writer method, called at the one place that sees it happen.
 * Thread-safe, lock-free; figures are eventually consistent with each other. Created by
 * {@link HeraldMetrics#tenant}, which gives it its {@link #tag()}; the no-argument constructor (tests) counts without
 * export.
 */
public final class TenantStats {

    /** The close codes the {@code code} tag names one by one; any other is counted as {@code other}. */
    static final int[] CLOSE_CODES = {1000, 1001, 1003, 1006, 1008, 1009, 1011, 4401, 4403, 4408, 4429, 4508};

    private final String tag;
    private final boolean timed;
    private final LongAdder opened = new LongAdder();
    private final LongAdder[] closedByCode = adders(CLOSE_CODES.length + 1);
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder[] published = adders(Source.values().length);
    private final LongAdder[] dropped = adders(DropReason.values().length);
    private final LongAdder slowConsumers = new LongAdder();
    private final LongAdder[] rateLimited = adders(RateLimit.values().length);
    private final LongAdder replayed = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder webhooksDelivered = new LongAdder();
    private final LongAdder webhooksRetried = new LongAdder();
    private final LongAdder[] webhooksDropped = adders(WebhookDrop.values().length);
    private final AtomicLong queuePeak = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();

    /** Counters of no exported tenant, latency not measured: for tests of other components. */
    public TenantStats() {
        this("", false);
    }

    TenantStats(String tag, boolean timed) {
        this.tag = tag;
        this.timed = timed;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** @return the value of the {@code tenant} tag: the tenant's name, or {@code other} past the cap */
    public String tag() {
        return tag;
    }

    /** @return true when {@link #delivered} measures latency (metrics on): the caller then passes a publish time */
    public boolean timed() {
        return timed;
    }

    public void connectionOpened() {
        opened.increment();
    }

    /** @param code the close code the session is closed with */
    public void connectionClosed(int code) {
        closedByCode[codeIndex(code)].increment();
    }

    static int codeIndex(int code) {
        for (int i = 0; i < CLOSE_CODES.length; i++) {
            if (CLOSE_CODES[i] == code) {
                return i;
            }
        }
        return CLOSE_CODES.length;
    }

    public void received() {
        messagesIn.increment();
    }

    /** @param objects JSON objects written (a coalesced frame counts each object it carries) */
    public void sent(int objects) {
        messagesOut.add(objects);
    }

    /**
     * Live events whose socket write completed.
     *
     * @param events          how many (more than one: a coalesced send)
     * @param publishedNanos  {@link System#nanoTime()} when the oldest of them was appended; each of them is counted at
     *                        its latency (an upper bound for the others, queued behind the same send in flight)
     */
    public void delivered(int events, long publishedNanos) {
        delivered.add(events);
        if (timed) {
            latency.record(System.nanoTime() - publishedNanos, events);
        }
    }

    public void eventPublished(Source source) {
        published[source.ordinal()].increment();
    }

    /** @param objects JSON objects that were queued for a session but never sent (or an event never queued) */
    public void dropped(DropReason reason, int objects) {
        if (objects > 0) {
            dropped[reason.ordinal()].add(objects);
        }
    }

    /** @param frames a new peak of live frames queued for one session (outboxes report only their own new peaks) */
    public void queued(int frames) {
        long seen = queuePeak.get();
        while (frames > seen && !queuePeak.compareAndSet(seen, frames)) {
            seen = queuePeak.get();
        }
    }

    public void slowConsumerClosed() {
        slowConsumers.increment();
    }

    public void refused(RateLimit kind) {
        rateLimited[kind.ordinal()].increment();
    }

    /** @param events events queued for a session by a replay (at connect or on {@code resume}) */
    public void replayed(int events) {
        replayed.add(events);
    }

    /** A {@code reset} frame: the events a session asked for were no longer kept. */
    public void reset() {
        resets.increment();
    }

    /** A webhook delivery of this tenant's event was answered 2xx (once per delivery, whatever its attempts). */
    public void webhookDelivered() {
        webhooksDelivered.increment();
    }

    /** A webhook attempt failed in a way that is retried, and a next attempt was scheduled. */
    public void webhookRetried() {
        webhooksRetried.increment();
    }

    /** A webhook delivery of this tenant's event was given up (once per delivery). */
    public void webhookDropped(WebhookDrop reason) {
        webhooksDropped[reason.ordinal()].increment();
    }

    /** @return the most live frames ever queued for one session of this tenant */
    public long queuePeak() {
        return queuePeak.get();
    }

    public long opened() {
        return opened.sum();
    }

    public long closed() {
        return sum(closedByCode);
    }

    private static long sum(LongAdder[] adders) {
        long n = 0;
        for (LongAdder a : adders) {
            n += a.sum();
        }
        return n;
    }

    long closedByCode(int codeIndex) {
        return closedByCode[codeIndex].sum();
    }

    /** @return connections open now: opened less closed (each counted once per connection by the registry) */
    public long active() {
        return opened() - closed();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long published(Source source) {
        return published[source.ordinal()].sum();
    }

    /** @return events accepted by the log, all sources */
    public long published() {
        return sum(published);
    }

    /** @return objects dropped, all reasons */
    public long dropped() {
        return sum(dropped);
    }

    long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    public long slowConsumers() {
        return slowConsumers.sum();
    }

    long rateLimited(RateLimit kind) {
        return rateLimited[kind.ordinal()].sum();
    }

    long replayed() {
        return replayed.sum();
    }

    long resets() {
        return resets.sum();
    }

    public long webhooksDelivered() {
        return webhooksDelivered.sum();
    }

    public long webhooksRetried() {
        return webhooksRetried.sum();
    }

    public long webhooksDropped(WebhookDrop reason) {
        return webhooksDropped[reason.ordinal()].sum();
    }

    LatencyHistogram latency() {
        return latency;
    }

    /** @return the latency histogram now, cumulative; {@link LatencyCounts#EMPTY} while latency is not measured */
    public LatencyCounts latencyCounts() {
        return timed ? latency.snapshot() : LatencyCounts.EMPTY;
    }
}
