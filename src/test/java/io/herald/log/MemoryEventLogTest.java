package io.herald.log;

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
    private final List<LoggedEvent> told = new java.util.ArrayList<>();
    private final MemoryEventLog log = MemoryEventLog.of(5, Duration.ofMinutes(1), clock, e -> {
        told.add(e);
        return 7;
    });

    @Test
    void idsGrowByOnePerTenantAndTheListenerIsToldOfEachInOrder() {
        LoggedEvent a1 = append("a");
        LoggedEvent a2 = append("a");
        LoggedEvent b1 = append("b");
        assertEquals(a1.id().sequence() + 1, a2.id().sequence());
        assertEquals(1, b1.id().sequence());
        assertEquals(a2.id(), EventId.parse(a2.id().toString()));
        assertEquals(List.of(a1, a2, b1), told);
        assertEquals(b1.id(), log.head("b"), "head is the last appended id");
        assertEquals(0, log.head("c").sequence(), "a tenant with no event yet: the id before the first");
    }

    @Test
    void eventsAppendedConcurrentlyReachTheListenerInIdOrderOneAtATime() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        List<Long> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        MemoryEventLog concurrent = MemoryEventLog.of(100_000, Duration.ofMinutes(1), clock, e -> {
            if (inside.incrementAndGet() != 1) {
                throw new AssertionError("the listener was entered twice at once");
            }
            order.add(e.id().sequence());
            inside.decrementAndGet();
            return 0;
        });
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    concurrent.append(new EventDraft("a", "t", null, null, "null"));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(20_000, order.size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i + 1, order.get(i), "in id order");
        }
    }

    @Test
    void theRingGrowsOnDemandAndFindsTheEventsAfterAnIdWithoutLosingAny() {
        MemoryEventLog big = MemoryEventLog.of(1000, Duration.ofMinutes(1), clock, e -> 0);
        List<LoggedEvent> appended = new java.util.ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            appended.add(big.append(new EventDraft("a", "t", null, null, "null")).toCompletableFuture().join().event());
        }
        Replay.Events r = assertInstanceOf(Replay.Events.class, big.since("a", appended.get(700).id()));
        assertEquals(appended.subList(701, 1500), r.events());
        assertInstanceOf(Replay.Reset.class, big.since("a", appended.get(498).id()), "the first 500 were evicted");
        assertInstanceOf(Replay.Events.class, big.since("a", appended.get(499).id()));
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
        EventLog.Appended a = log.append(new EventDraft(tenant, "t", null, null, "null")).toCompletableFuture().join();
        assertEquals(7, a.recipients(), "the listener's answer is the receipt");
        return a.event();
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
