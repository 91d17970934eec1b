package io.herald.webhook;

import java.util.ArrayDeque;

/**
 * One receiver's share of the webhook queue and of the senders, so that a receiver that hangs or is down cannot take
 * every sender nor every place from the others: it holds at most {@code maxHeld} deliveries and has at most
 * {@code maxInFlight} attempts running; the rest of its deliveries wait here, in order, for one of its own attempts
 * to end. Guarded by its own monitor, held for a few field updates only.
 *
 * @param <T> a delivery
 */
final class ReceiverLane<T> {

    private final int maxInFlight;
    private final int maxHeld;
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private int inFlight;
    private int held;

    ReceiverLane(int maxInFlight, int maxHeld) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.maxHeld = Math.max(1, maxHeld);
    }

    /** @return true when the receiver may hold one more delivery (then counted until {@link #release}) */
    synchronized boolean hold() {
        if (held >= maxHeld) {
            return false;
        }
        held++;
        return true;
    }

    /** A delivery held by {@link #hold} ended (delivered or dropped). */
    synchronized void release() {
        held--;
    }

    /**
     * @return true when the caller must start {@code d}'s attempt now (it took one of the receiver's attempt slots);
     *         false when it waits behind the receiver's attempts, handed out by {@link #next}
     */
    synchronized boolean admit(T d) {
        if (inFlight < maxInFlight) {
            inFlight++;
            return true;
        }
        ready.add(d);
        return false;
    }

    /** The caller's attempt ended: @return the next delivery to attempt on its slot, or null (the slot is given back) */
    synchronized T next() {
        T n = ready.poll();
        if (n == null) {
            inFlight--;
        }
        return n;
    }
}
