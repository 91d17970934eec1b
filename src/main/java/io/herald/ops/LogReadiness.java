package io.herald.ops;

import io.herald.log.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health readiness: down while the event log cannot take events (with {@code herald.cluster=redis}:
 * Redis unreachable, or this node not yet following its streams; with {@code hazelcast}: the member not running or
 * refusing operations, or a ringbuffer this node cannot read), so load balancers send publishers and clients to
 * a node that can serve them. Always up with the local log.
 */
@Readiness
@ApplicationScoped
public class LogReadiness implements HealthCheck {

    @Inject
    EventLog log;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("herald-event-log").status(log.available()).build();
    }
}
