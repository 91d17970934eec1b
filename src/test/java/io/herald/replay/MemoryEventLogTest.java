package io.herald.replay;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryEventLogTest {

    private final MutableClock clock = new MutableClock();
    private final MemoryEventLog log = MemoryEventLog.of(5, Duration.ofMinutes(1), clock);

    @Test
    void idsGrowByOnePerTenantAndEncoderSeesTheId() {
        LoggedEvent a1 = append("a");
        LoggedEvent a2 = append("a");
        LoggedEvent b1 = append("b");
        assertEquals(a1.id().sequence() + 1, a2.id().sequence());
        assertEquals(1, b1.id().sequence());
        assertEquals("frame " + a2.id(), a2.frame());
        assertEquals(a2.id(), EventId.parse(a2.id().toString()));
    }

    @Test
    void sinceReturnsExactlyTheLaterEventsInOrder() {
        LoggedEvent first = append("a");
        LoggedEvent second = append("a");
        LoggedEvent third = append("a");
        Replay.Events r = assertInstanceOf(Replay.Events.class, log.since("a", first.id()));
        assertEquals(List.of(second, third), r.events());
        assertEquals(List.of(), ((Replay.Events) log.since("a", third.id())).events());
    }

    @Test
    void evictedByCountOrAgeOrForeignEpochMeansReset() {
        LoggedEvent first = append("a");
        for (int i = 0; i < 5; i++) {
            append("a");
        }
        assertInstanceOf(Replay.Events.class, log.since("a", first.id()), "the event after 'first' is still kept");
        append("a");
        assertInstanceOf(Replay.Reset.class, log.since("a", first.id()), "the event after 'first' was evicted");
        LoggedEvent recent = append("a");
        append("a");
        assertInstanceOf(Replay.Events.class, log.since("a", recent.id()));
        clock.now = clock.now.plusSeconds(120);
        assertInstanceOf(Replay.Reset.class, log.since("a", recent.id()));
        assertInstanceOf(Replay.Reset.class, log.since("a", new EventId(1, 1)));
        assertInstanceOf(Replay.Reset.class, log.since("a", new EventId(recent.id().epoch(), 10_000)));
    }

    @Test
    void malformedIdsAreRefused() {
        for (String bad : new String[]{"", "12", "-1", "1-", "a-1", "1-b", "1-2-3"}) {
            assertThrows(IllegalArgumentException.class, () -> EventId.parse(bad), bad);
        }
    }

    private LoggedEvent append(String tenant) {
        return log.append(tenant, "t", null, null, id -> "frame " + id);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
