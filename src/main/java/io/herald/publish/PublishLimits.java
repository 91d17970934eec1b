package io.herald.publish;

import io.herald.limits.RateLimiter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP publish rate per tenant ({@code herald.limits.publishes-per-second}, {@code herald.limits.publish-burst}),
 * so that one tenant's publisher cannot take the node from the others. CDI events from the application are not
 * limited: they are the application's own. Thread-safe.
 */
@ApplicationScoped
public class PublishLimits {

    @Inject
    @ConfigProperty(name = "herald.limits.publishes-per-second", defaultValue = "1000")
    double perSecond;

    @Inject
    @ConfigProperty(name = "herald.limits.publish-burst", defaultValue = "5000")
    int burst;

    private RateLimiter perTenant;

    @PostConstruct
    void start() {
        perTenant = new RateLimiter(perSecond, burst);
    }

    RateLimiter perTenant() {
        return perTenant;
    }
}
