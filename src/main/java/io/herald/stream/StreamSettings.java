package io.herald.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** The HTTP transports' configuration, read in one place, with the defaults the README documents. */
@ApplicationScoped
public class StreamSettings {

    /** A poll without {@code wait} waits this long for a frame, in seconds. */
    static final int DEFAULT_WAIT_SECONDS = 25;
    /** The longest {@code wait} a poll may ask for, in seconds: below common proxy and browser idle timeouts. */
    static final int MAX_WAIT_SECONDS = 30;
    /**
     * How long a stream's last write (its {@code close} frame, perhaps behind a stalled send) may take before the
     * response is ended anyway: what a stalled reader still costs the server after its session was closed.
     */
    static final Duration CLOSE_WRITE_GRACE = Duration.ofSeconds(30);

    @Inject
    @ConfigProperty(name = "herald.poll.idle-timeout", defaultValue = "PT60S")
    Duration pollIdleTimeout;

    /** @return how long a poll session may go without a poll in progress before it is closed with 4408 */
    Duration pollIdleTimeout() {
        return pollIdleTimeout;
    }
}
