package io.herald.replay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The single-node event log: a ring per tenant, bounded by count ({@code herald.replay.max-events}) and age
 * ({@code herald.replay.max-age}). Its epoch is this log's creation time, so ids from before a restart are answered
 * with a reset rather than misread. Thread-safe: each ring is guarded by its own monitor.
 */
@ApplicationScoped
public class MemoryEventLog implements EventLog {

    @Inject
    @ConfigProperty(name = "herald.replay.max-events", defaultValue = "10000")
    int maxEvents;

    @Inject
    @ConfigProperty(name = "herald.replay.max-age", defaultValue = "PT5M")
    Duration maxAge;

    private final long epoch = System.currentTimeMillis();
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();

    /** For tests of the pure logic. */
    static MemoryEventLog of(int maxEvents, Duration maxAge, Clock clock) {
        MemoryEventLog log = new MemoryEventLog();
        log.maxEvents = maxEvents;
        log.maxAge = maxAge;
        log.clock = clock;
        return log;
    }

    @Override
    public LoggedEvent append(String tenant, String type, String room, String user, Function<EventId, String> encoder) {
        Ring ring = rings.computeIfAbsent(tenant, t -> new Ring());
        synchronized (ring) {
            long now = clock.millis();
            EventId id = new EventId(epoch, ++ring.lastSequence);
            LoggedEvent event = new LoggedEvent(id, type, room, user, encoder.apply(id), now);
            ring.events.addLast(event);
            ring.evict(maxEvents, now - maxAge.toMillis());
            return event;
        }
    }

    @Override
    public Replay since(String tenant, EventId since) {
        Ring ring = rings.computeIfAbsent(tenant, t -> new Ring());
        synchronized (ring) {
            ring.evict(maxEvents, clock.millis() - maxAge.toMillis());
            LoggedEvent oldest = ring.events.peekFirst();
            long oldestKept = oldest == null ? ring.lastSequence + 1 : oldest.id().sequence();
            boolean sameStream = since.epoch() == epoch && since.sequence() <= ring.lastSequence;
            if (!sameStream || since.sequence() + 1 < oldestKept) {
                return new Replay.Reset(since.toString(), oldest == null ? null : oldest.id().toString());
            }
            List<LoggedEvent> after = new ArrayList<>();
            for (LoggedEvent e : ring.events) {
                if (e.id().sequence() > since.sequence()) {
                    after.add(e);
                }
            }
            return new Replay.Events(after);
        }
    }

    /** Guarded by its own monitor. */
    private static final class Ring {
        final ArrayDeque<LoggedEvent> events = new ArrayDeque<>();
        long lastSequence;

        void evict(int maxEvents, long notBefore) {
            while (!events.isEmpty() && (events.size() > maxEvents || events.peekFirst().at() < notBefore)) {
                events.removeFirst();
            }
        }
    }
}
