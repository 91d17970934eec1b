package io.herald.delivery;

import io.herald.tenant.TenantStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Delivery's configuration, read in one place, with the defaults the README documents. */
@ApplicationScoped
public class DeliverySettings {

    @Inject
    @ConfigProperty(name = "herald.outbox.max-frames", defaultValue = "1000")
    int maxFrames;

    @Inject
    @ConfigProperty(name = "herald.outbox.max-bytes", defaultValue = "1048576")
    long maxBytes;

    /** @return a new outbox with the configured bounds */
    public Outbox outbox(FrameSink sink, boolean coalesce, TenantStats stats) {
        return new Outbox(sink, coalesce, maxFrames, maxBytes, stats);
    }

    public int maxFrames() {
        return maxFrames;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
