package io.herald.presence;

import io.herald.protocol.ClientFrame;
import io.herald.protocol.FrameException;
import io.herald.tenant.Connection;
import io.herald.tenant.MembershipListener;
import io.herald.tenant.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Feeds {@link Presence} from the registry's membership changes, which it sees all of, whoever made them: a join by
 * action or at connect enters the connection into the room (rooms with presence only) and its tenant (online); a
 * {@code leave} action takes it out of the room at once (a deliberate leave is not a reconnect); a close, by either
 * side or by an eviction, takes it out of its rooms and its tenant after {@code herald.presence.grace}, so a reconnect
 * within it does not flap. Runs on the thread that made the change (see {@link MembershipListener}). Stateless,
 * thread-safe.
 */
@ApplicationScoped
public class RoomPresence implements MembershipListener {

    @Inject
    Presence presence;

    @Inject
    PresenceSettings settings;

    @Inject
    TenantRegistry registry;

    @Override
    public void opened(Connection c, Set<String> rooms) {
        presence.enter(c.tenant(), null, c.user(), c.id(), null, () -> registry.isOpen(c));
        for (String room : rooms) {
            enter(c, room, null);
        }
    }

    @Override
    public void joined(Connection c, String room, JsonObject meta) {
        enter(c, room, meta);
    }

    @Override
    public void left(Connection c, String room) {
        if (settings.hasPresence(room)) {
            presence.exit(c.tenant(), room, c.user(), c.id(), Duration.ZERO);
        }
    }

    @Override
    public void closed(Connection c, Set<String> rooms) {
        for (String room : rooms) {
            if (settings.hasPresence(room)) {
                presence.exit(c.tenant(), room, c.user(), c.id(), settings.grace());
            }
        }
        presence.exit(c.tenant(), null, c.user(), c.id(), settings.grace());
    }

    private void enter(Connection c, String room, JsonObject meta) {
        if (settings.hasPresence(room)) {
            presence.enter(c.tenant(), room, c.user(), c.id(), meta, () -> registry.isOpen(c) && c.isIn(room));
        }
    }

    /** @return the room's members, a snapshot, or null when the room has no presence */
    public List<Member> members(String tenant, String room) {
        return settings.hasPresence(room) ? presence.members(tenant, room) : null;
    }

    /**
     * @return the {@code meta} object of a {@code join} frame, or null when it has none
     * @throws FrameException {@code bad_frame} when it is not an object, {@code too_large} past
     *                        {@code herald.presence.meta-bytes}
     */
    public JsonObject meta(ClientFrame frame) throws FrameException {
        JsonValue meta = frame.body().get("meta");
        if (meta == null || meta == JsonValue.NULL) {
            return null;
        }
        if (!(meta instanceof JsonObject object)) {
            throw new FrameException(FrameException.BAD_FRAME, "'meta' must be a JSON object");
        }
        if (object.toString().getBytes(StandardCharsets.UTF_8).length > settings.metaBytes()) {
            throw new FrameException(FrameException.TOO_LARGE,
                    "'meta' over " + settings.metaBytes() + " bytes (herald.presence.meta-bytes)");
        }
        return object;
    }
}
