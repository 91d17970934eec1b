package io.herald.delivery;

import io.herald.log.AppendAdmission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's queued work: live events queued in outboxes and not yet handed to a socket, over every session. When
 * the node itself falls behind (its sends cannot keep up with what is published), this grows for every session
 * alike; past {@code herald.backlog.max-deliveries} new publishes are refused at the entrance (HTTP 503 with
 * {@code Retry-After}) instead of closing healthy sessions as slow consumers. Thread-safe; counting is a
 * {@link LongAdder} add per event fanned out and per send, never per delivery.
 */
@ApplicationScoped
public class Backlog implements AppendAdmission {

    @Inject
    @ConfigProperty(name = "herald.backlog.max-deliveries", defaultValue = "2000000")
    long maxDeliveries;

    @Inject
    @ConfigProperty(name = "herald.backlog.retry-after", defaultValue = "PT1S")
    Duration retryAfter;

    private final LongAdder queued = new LongAdder();

    /** @param deliveries live events just queued in outboxes */
    public void entered(int deliveries) {
        if (deliveries != 0) {
            queued.add(deliveries);
        }
    }

    /** @param deliveries live events that left outboxes (handed to a socket, taken back, or dropped) */
    public void left(int deliveries) {
        if (deliveries != 0) {
            queued.add(-deliveries);
        }
    }

    /** @return the live events queued on this node now */
    public long queued() {
        return queued.sum();
    }

    @Override
    public Refusal refusal(String tenant) {
        long now = queued.sum();
        return now < maxDeliveries ? null : new Refusal("server is behind: " + now
                + " deliveries queued (herald.backlog.max-deliveries " + maxDeliveries + "); retry later", retryAfter, true);
    }
}
