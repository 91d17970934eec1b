package io.herald.presence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Presence's configuration, read in one place, with the defaults the README documents. Immutable after start. */
@ApplicationScoped
public class PresenceSettings {

    @Inject
    @ConfigProperty(name = "herald.presence.rooms", defaultValue = "none")
    String rooms;

    @Inject
    @ConfigProperty(name = "herald.presence.grace", defaultValue = "PT5S")
    Duration grace;

    @Inject
    @ConfigProperty(name = "herald.presence.meta-bytes", defaultValue = "512")
    int metaBytes;

    private volatile List<String> patterns;

    /**
     * @return true when {@code room} has presence: it matches one of {@code herald.presence.rooms} (comma-separated
     *         names or prefixes ending in {@code *}; {@code *} all rooms, {@code none} no room)
     */
    public boolean hasPresence(String room) {
        List<String> p = patterns;
        if (p == null) {
            p = Arrays.stream(rooms.split(",")).map(String::trim).filter(s -> !s.isEmpty() && !s.equals("none")).toList();
            patterns = p;
        }
        for (String pattern : p) {
            if (pattern.endsWith("*") ? room.startsWith(pattern.substring(0, pattern.length() - 1)) : room.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** @return how long a member whose last connection closed stays a member, waiting for it to come back */
    public Duration grace() {
        return grace;
    }

    /** @return the largest {@code meta} of a {@code join} frame, in UTF-8 bytes of its JSON text */
    public int metaBytes() {
        return metaBytes;
    }
}
