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

    private static final Duration MIN_LEASE = Duration.ofSeconds(1);

    @Inject
    @ConfigProperty(name = "herald.presence.rooms", defaultValue = "none")
    String rooms;

    @Inject
    @ConfigProperty(name = "herald.presence.grace", defaultValue = "PT5S")
    Duration grace;

    @Inject
    @ConfigProperty(name = "herald.presence.meta-bytes", defaultValue = "512")
    int metaBytes;

    /** Across nodes only: how long a node's presence entries outlive its last renewal (a crashed node's members leave within it). */
    @Inject
    @ConfigProperty(name = "herald.presence.lease", defaultValue = "PT15S")
    Duration lease;

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

    /**
     * @return the lease of this node's entries in a cluster-wide presence (at least one second): renewed every third
     *         of it, so a crashed node's members leave at most this long after its last renewal
     */
    public Duration lease() {
        return lease.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : lease;
    }

    /** @return the largest {@code meta} of a {@code join} frame, in UTF-8 bytes of its JSON text */
    public int metaBytes() {
        return metaBytes;
    }
}
