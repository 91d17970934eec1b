package io.herald.ops;

import io.herald.delivery.Heartbeats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;

/**
 * MicroProfile Health liveness: down when the session scan (pings, heartbeat timeouts, send timeouts, expired
 * credentials, disabled tenants; every second at most) has not ended for {@link #STUCK}: its thread is stuck, so
 * sessions are no longer policed and only a restart helps. Draining does not make it down (that is readiness).
 */
@Liveness
@ApplicationScoped
public class SessionScanLiveness implements HealthCheck {

    static final Duration STUCK = Duration.ofSeconds(30);

    @Inject
    Heartbeats heartbeats;

    @Override
    public HealthCheckResponse call() {
        Duration since = heartbeats.sinceLastScan();
        return HealthCheckResponse.named("herald-session-scan").status(since.compareTo(STUCK) < 0)
                .withData("last_scan_ms_ago", since.toMillis()).build();
    }
}
