package io.herald.demo;

import io.herald.call.CallException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's configuration, read once at start: {@code herald.demo.enabled} (default false) turns on the feed and the
 * demo's {@code @HeraldCall} methods (off, they answer {@code not_found}: a WAR deployed elsewhere serves no demo
 * state); {@code herald.demo.tenant} (default {@code demo}) is the tenant the feed fires to. Immutable, thread-safe.
 */
@ApplicationScoped
public class DemoSettings {

    /** Conversations of the clinic chat are the rooms named with this prefix (presence: {@code herald.presence.rooms}). */
    static final String CONVERSATION_PREFIX = "conv-";

    @Inject
    @ConfigProperty(name = "herald.demo.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "herald.demo.tenant", defaultValue = "demo")
    String tenant;

    public boolean enabled() {
        return enabled;
    }

    public String tenant() {
        return tenant;
    }

    /** For the demo's call methods: with the demo off they answer as if they did not exist. */
    void requireEnabled() {
        if (!enabled) {
            throw new CallException("not_found", "the demo is off (herald.demo.enabled)");
        }
    }
}
