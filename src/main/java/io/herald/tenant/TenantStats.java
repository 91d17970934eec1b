package io.herald.tenant;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Lifetime counters of one tenant. Thread-safe; figures are eventually consistent with each other. */
public final class TenantStats {

    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder slowConsumers = new LongAdder();
    private final AtomicLong queuePeak = new AtomicLong();

    public void received() {
        messagesIn.increment();
    }

    /** @param objects JSON objects delivered (a coalesced frame counts each object it carries) */
    public void sent(int objects) {
        messagesOut.add(objects);
    }

    /** @param objects JSON objects that were queued for a session but never sent */
    public void dropped(int objects) {
        dropped.add(objects);
    }

    /** @param frames a new peak of live frames queued for one session (outboxes report only their own new peaks) */
    public void queued(int frames) {
        long seen = queuePeak.get();
        while (frames > seen && !queuePeak.compareAndSet(seen, frames)) {
            seen = queuePeak.get();
        }
    }

    /** @return the most live frames ever queued for one session of this tenant */
    public long queuePeak() {
        return queuePeak.get();
    }

    public void slowConsumerClosed() {
        slowConsumers.increment();
    }

    public long opened() {
        return opened.sum();
    }

    public long closed() {
        return closed.sum();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long slowConsumers() {
        return slowConsumers.sum();
    }
}
