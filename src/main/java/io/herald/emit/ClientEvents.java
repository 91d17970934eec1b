package io.herald.emit;

import io.herald.delivery.Dispatcher;
import io.herald.limits.TokenBucket;
import io.herald.metrics.Source;
import io.herald.protocol.ClientFrame;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.FrameException;
import io.herald.subscription.TypeFilter;
import io.herald.tenant.Connection;
import io.herald.tenant.MembershipListener;
import io.herald.tenant.RoomNames;
import io.herald.tenant.TenantRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries out {@code emit} ({@code room}, {@code type}, {@code data}) for one connection. In order: the type must be
 * in {@code herald.emit.types} and not a reserved frame type, the sender in the room ({@code forbidden}), {@code data}
 * within {@code herald.emit.max-bytes} ({@code too_large}), the connection within its own emit rate
 * ({@code herald.limits.emits-per-second}, {@code -burst}: {@code rate_limited}, on top of the general action rate;
 * it never closes the connection), the application's observers must not veto ({@link ClientEvent}); then the frame
 * goes to every other connection in the room whose subscription takes the type: the sender's own other devices too
 * (a read receipt clears the badge there), never the sending connection, another room or another tenant.
 * Thread-safe; a connection's emits come one at a time on its message thread.
 */
@ApplicationScoped
public class ClientEvents implements MembershipListener {

    private static final System.Logger LOG = System.getLogger(ClientEvents.class.getName());

    /** Types the server's own frames use: a client event of one of them would pass for the server's. */
    static final Set<String> RESERVED = Set.of("welcome", "reply", "error", "pong", "reset", "presence", "drain",
            ControlFrames.UserStatus.TYPE, ControlFrames.STATS_TYPE);

    @Inject
    @ConfigProperty(name = "herald.emit.types", defaultValue = "typing,conversation:typing,message:read")
    String types;

    @Inject
    @ConfigProperty(name = "herald.emit.max-bytes", defaultValue = "4096")
    int maxBytes;

    @Inject
    @ConfigProperty(name = "herald.limits.emits-per-second", defaultValue = "5")
    double perSecond;

    @Inject
    @ConfigProperty(name = "herald.limits.emit-burst", defaultValue = "10")
    int burst;

    @Inject
    Dispatcher dispatcher;

    @Inject
    TenantRegistry registry;

    @Inject
    Event<ClientEvent> observers;

    private TypeFilter allowed;
    /** The bucket of each connection that emitted, until it closes. */
    private final Map<Connection, TokenBucket> buckets = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        allowed = TypeFilter.NONE.plus(Arrays.stream(types.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /**
     * @return the reply: {@code room}, {@code type}, {@code recipients} (the connections it was queued for)
     * @throws FrameException when refused (nothing was delivered)
     */
    public ControlFrames.Reply emit(Connection c, ClientFrame frame) throws FrameException {
        String room = string(frame, "room");
        if (!RoomNames.isValid(room)) {
            throw new FrameException(FrameException.BAD_FRAME, "'room' must be a room name");
        }
        String type = string(frame, "type");
        if (!TypeFilter.isValidType(type)) {
            throw new FrameException(FrameException.BAD_FRAME, "'type' must be an event type");
        }
        if (allowed.size() == 0 || !allowed.matches(type) || RESERVED.contains(type)) {
            throw new FrameException(FrameException.FORBIDDEN, "type " + type + " may not be emitted by clients (herald.emit.types)");
        }
        if (!c.isIn(room)) {
            throw new FrameException(FrameException.FORBIDDEN, "not a member of room " + room + ": join it first");
        }
        JsonValue data = frame.body().getOrDefault("data", JsonValue.NULL);
        if (data.toString().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new FrameException(FrameException.TOO_LARGE, "'data' over " + maxBytes + " bytes (herald.emit.max-bytes)");
        }
        if (perSecond > 0 && !bucket(c).tryTake(System.nanoTime())) {
            throw new FrameException(FrameException.RATE_LIMITED,
                    "too many client events (herald.limits.emits-per-second); this one was not delivered");
        }
        tellObservers(new ClientEvent(c.id(), c.tenant(), room, c.user(), type, data, Instant.now()));
        int recipients = dispatcher.broadcast(c.tenant(), room, to -> to != c && to.filter().matches(type),
                new ControlFrames.ClientEventFrame(type, room, c.user(), data));
        c.stats().eventPublished(Source.CLIENT);
        return new ControlFrames.Reply(frame.ref(), frame.action(), Map.of("room", room, "type", type, "recipients", recipients));
    }

    /**
     * @return the connection's bucket, made at its first emit. A connection evicted meanwhile (its frames may still
     *         arrive until it is closed) keeps none: {@link #closed} runs after the registry forgot it, so either it
     *         removes the bucket or the check here does.
     */
    private TokenBucket bucket(Connection c) {
        TokenBucket bucket = buckets.computeIfAbsent(c, k -> new TokenBucket(Math.max(1, burst), perSecond, System.nanoTime()));
        if (!registry.isOpen(c)) {
            buckets.remove(c);
        }
        return bucket;
    }

    private void tellObservers(ClientEvent event) throws FrameException {
        try {
            observers.fire(event);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ClientEventVetoed vetoed) {
                    throw new FrameException(FrameException.FORBIDDEN, vetoed.getMessage());
                }
            }
            LOG.log(System.Logger.Level.WARNING, "an observer of ClientEvent failed; the event was not delivered", e);
            throw new FrameException(FrameException.INTERNAL, "the client event was not delivered");
        }
    }

    private static String string(ClientFrame frame, String field) {
        return frame.body().get(field) instanceof JsonString s ? s.getString() : null;
    }

    @Override
    public void closed(Connection c, Set<String> rooms) {
        buckets.remove(c);
    }
}
