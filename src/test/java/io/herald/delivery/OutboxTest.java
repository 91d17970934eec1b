package io.herald.delivery;

import io.herald.tenant.TenantStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox's queueing, ordering, coalescing and overflow rules, against a sink that records what it is given. */
class OutboxTest {

    /** Completes sends only when told to, like a socket whose peer reads slowly; or at once, like a fast one. */
    static final class RecordingSink implements FrameSink {
        final List<String> sent = new ArrayList<>();
        final List<Completion> pending = new ArrayList<>();
        final List<List<String>> batches = new ArrayList<>();
        boolean completeInline;
        int maxFramesPerSend = 1;
        int closedWith;

        @Override
        public int maxFramesPerSend() {
            return maxFramesPerSend;
        }

        @Override
        public void send(List<String> frames, Completion done) {
            assertTrue(frames.size() >= 2 && frames.size() <= maxFramesPerSend, "batch size " + frames.size());
            batches.add(List.copyOf(frames));
            send(String.join("|", frames), done);
        }

        @Override
        public void send(String text, Completion done) {
            sent.add(text);
            if (completeInline) {
                done.sent(null);
            } else {
                pending.add(done);
            }
        }

        @Override
        public void ping(Completion done) {
            send("PING", done);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        void completeOne() {
            pending.remove(0).sent(null);
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final TenantStats stats = new TenantStats();

    @Test
    void oneSendInFlightInOrderAndCoalescedForNdjson() {
        Outbox box = new Outbox(sink, true, 100, 10_000, stats);
        assertEquals(Outbox.Offer.QUEUED_IDLE, box.offer("{\"a\":1}"));
        assertEquals(Outbox.Offer.QUEUED, box.offer("{\"a\":2}"));
        box.flush();
        box.flush();
        assertEquals(List.of("{\"a\":1}\n{\"a\":2}"), sink.sent, "what waits goes in one frame");
        box.offer("{\"a\":3}");
        box.offer("{\"a\":4}");
        box.flush();
        assertEquals(1, sink.sent.size(), "nothing more while a send is in flight");
        sink.completeOne();
        assertEquals("{\"a\":3}\n{\"a\":4}", sink.sent.get(1));
        sink.completeOne();
        assertEquals(4, stats.messagesOut());
        assertEquals(4, box.sent());
    }

    @Test
    void jsonModeOnABatchingSinkSendsWhatWaitsAsOneBatchOfSeparateFrames() {
        sink.maxFramesPerSend = 3;
        Outbox box = new Outbox(sink, false, 100, 10_000, stats);
        box.offer("{\"a\":1}");
        box.flush();
        assertEquals(List.of("{\"a\":1}"), sink.sent, "a lone frame is sent at once, never held for a batch");
        for (int i = 2; i <= 6; i++) {
            box.offer("{\"a\":" + i + "}");
        }
        box.ping();
        box.offer("{\"a\":7}");
        box.flush();
        assertEquals(1, sink.sent.size(), "nothing more while a send is in flight");
        sink.completeOne();
        assertEquals(List.of("{\"a\":2}", "{\"a\":3}", "{\"a\":4}"), sink.batches.get(0), "at most maxFramesPerSend");
        sink.completeOne();
        assertEquals(List.of("{\"a\":5}", "{\"a\":6}"), sink.batches.get(1), "a batch stops before a ping");
        sink.completeOne();
        assertEquals("PING", sink.sent.get(3));
        sink.completeOne();
        assertEquals("{\"a\":7}", sink.sent.get(4));
        sink.completeOne();
        assertEquals(7, stats.messagesOut(), "every frame of a batch is counted");
        assertEquals(7, box.sent());
    }

    @Test
    void jsonModeSendsOneObjectPerFrameAndInlineCompletionsDoNotRecurse() {
        sink.completeInline = true;
        Outbox box = new Outbox(sink, false, 100_000, 100_000_000, stats);
        for (int i = 0; i < 50_000; i++) {
            box.offer("{\"n\":" + i + "}");
        }
        box.flush();
        assertEquals(50_000, sink.sent.size());
        assertEquals("{\"n\":49999}", sink.sent.get(49_999));
    }

    @Test
    void overflowByCountOrBytesClosesTheOutboxAndCountsTheDrops() {
        Outbox byCount = new Outbox(sink, true, 2, 10_000, stats);
        byCount.offer("a");
        byCount.offer("b");
        assertEquals(Outbox.Offer.OVERFLOW, byCount.offer("c"));
        assertEquals(Outbox.Offer.CLOSED, byCount.offer("d"));
        assertEquals(2, stats.dropped());

        Outbox byBytes = new Outbox(sink, true, 100, 10, stats);
        byBytes.offer("12345");
        assertEquals(Outbox.Offer.OVERFLOW, byBytes.offer("123456"));
        assertEquals(0, byBytes.queuedFrames());
    }

    @Test
    void pingsWaitTheirTurnAndAreNeverCoalesced() {
        Outbox box = new Outbox(sink, true, 100, 10_000, stats);
        box.send("a");
        box.ping();
        box.offer("b");
        sink.completeOne();
        sink.completeOne();
        assertEquals(List.of("a", "PING", "b"), sink.sent);
    }

    @Test
    void rewindTakesBackUnsentEventsAndReplayIsOutsideTheLiveBound() {
        Outbox box = new Outbox(sink, false, 2, 10_000, stats);
        io.herald.replay.LoggedEvent e1 = event(1), e2 = event(2), e3 = event(3);
        box.offer(e1);
        box.flush();
        box.offer(e2);
        box.offer("control");
        Outbox.Rewound rewound = box.rewind();
        assertEquals(1, rewound.lastSent().sequence());
        assertEquals(1, rewound.firstSent().sequence());
        assertEquals(List.of(e2), rewound.unsent());
        box.replay(List.of(e2, e3, event(4), event(5)), true);
        assertEquals(Outbox.Offer.QUEUED, box.offer(event(6)), "replayed items do not count against max-frames");
        for (int i = 0; i < 6; i++) {
            sink.completeOne();
        }
        assertEquals(List.of("e1", "control", "e2", "e3", "e4", "e5", "e6"), sink.sent);
    }

    private static io.herald.replay.LoggedEvent event(long seq) {
        return new io.herald.replay.LoggedEvent(new io.herald.replay.EventId(9, seq), "t", null, null, "e" + seq, 0);
    }

    @Test
    void failedSendClosesTheSession() {
        Outbox box = new Outbox(sink, false, 10, 1000, stats);
        box.send("x");
        box.offer("y");
        sink.pending.remove(0).sent(new java.io.IOException("reset"));
        assertEquals(1011, sink.closedWith);
        assertEquals(Outbox.Offer.CLOSED, box.offer("z"));
        assertTrue(stats.dropped() >= 2);
    }
}
