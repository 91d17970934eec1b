package io.herald.socket;

import io.herald.limits.RateLimiter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The WebSocket boundary's configuration, read in one place, with the defaults the README documents. */
@ApplicationScoped
public class SocketSettings {

    @Inject
    @ConfigProperty(name = "herald.limits.upgrades-per-second", defaultValue = "100")
    double upgradesPerSecond;

    @Inject
    @ConfigProperty(name = "herald.limits.upgrade-burst", defaultValue = "1000")
    int upgradeBurst;

    @Inject
    @ConfigProperty(name = "herald.limits.actions-per-minute", defaultValue = "120")
    double actionsPerMinute;

    @Inject
    @ConfigProperty(name = "herald.limits.action-burst", defaultValue = "60")
    int actionBurst;

    @Inject
    @ConfigProperty(name = "herald.limits.action-strikes", defaultValue = "20")
    int actionStrikes;

    private RateLimiter upgrades;
    private ActionLimit.Rule actions;

    @PostConstruct
    void limits() {
        upgrades = new RateLimiter(upgradesPerSecond, upgradeBurst);
        actions = new ActionLimit.Rule(actionsPerMinute, actionBurst, actionStrikes);
    }

    /** The inbound action rate of one connection, a new one per connection. */
    ActionLimit actionLimit() {
        return new ActionLimit(actions);
    }

    /** Upgrades per remote address: a token bucket each ({@code herald.limits.upgrades-per-second}, {@code -burst}). */
    RateLimiter upgrades() {
        return upgrades;
    }

    @Inject
    @ConfigProperty(name = "herald.limits.frame-bytes", defaultValue = "65536")
    int maxFrameBytes;

    @Inject
    @ConfigProperty(name = "herald.limits.rooms-per-session", defaultValue = "100")
    int maxRooms;

    @Inject
    @ConfigProperty(name = "herald.limits.types-per-session", defaultValue = "100")
    int maxTypes;

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int maxRooms() {
        return maxRooms;
    }

    public int maxTypes() {
        return maxTypes;
    }
}
