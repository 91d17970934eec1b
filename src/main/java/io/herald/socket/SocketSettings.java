package io.herald.socket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The WebSocket boundary's configuration, read in one place, with the defaults the README documents. */
@ApplicationScoped
public class SocketSettings {

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
