package io.herald.delivery;

import io.herald.protocol.Codec;
import io.herald.metrics.TenantStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Delivery's per-session configuration, read in one place, with the defaults the README documents. */
@ApplicationScoped
public class DeliverySettings {

    @Inject
    @ConfigProperty(name = "herald.outbox.max-frames", defaultValue = "50000")
    int maxFrames;

    @Inject
    @ConfigProperty(name = "herald.outbox.max-bytes", defaultValue = "16777216")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "herald.outbox.send-timeout", defaultValue = "PT10S")
    Duration sendTimeout;

    @Inject
    Backlog backlog;

    /** @return a new outbox with the configured bounds */
    public Outbox outbox(FrameSink sink, Codec codec, TenantStats stats) {
        return new Outbox(sink, codec, maxFrames, maxBytes, stats, backlog);
    }

    public int maxFrames() {
        return maxFrames;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** How long a send may be in flight before its session is a slow consumer. */
    public Duration sendTimeout() {
        return sendTimeout;
    }
}
