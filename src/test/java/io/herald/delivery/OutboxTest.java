package io.herald.delivery;

import io.herald.log.EventId;
import io.herald.log.LoggedEvent;
import io.herald.protocol.Codec;
import io.herald.protocol.Codecs;
import io.herald.protocol.WireFrame;
import io.herald.metrics.TenantStats;
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
        public void send(List<WireFrame> frames, Completion done) {
            assertTrue(frames.size() >= 2 && frames.size() <= maxFramesPerSend, "batch size " + frames.size());
            List<String> texts = frames.stream().map(f -> ((WireFrame.Text) f).text()).toList();
            batches.add(texts);
            send(String.join("|", texts), done);
        }

        @Override
        public void send(WireFrame frame, Completion done) {
            send(((WireFrame.Text) frame).text(), done);
        }

        void send(String text, Completion done) {
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
    private final Backlog backlog = new Backlog();
    private int evictions;

    private Outbox outbox(Codec codec, int maxFrames, long maxBytes) {
        backlog.maxDeliveries = Long.MAX_VALUE;
        Outbox box = new Outbox(sink, codec, maxFrames, maxBytes, stats, backlog);
        box.evictOnOverflow(() -> evictions++);
        return box;
    }

    private static WireFrame text(String text) {
        return new WireFrame.Text(text);
    }

    @Test
    void oneSendInFlightInOrderAndCoalescedForNdjson() {
        Outbox box = outbox(Codecs.NDJSON, 100, 10_000);
        assertEquals(Outbox.Offer.QUEUED_IDLE, box.offer(text("{\"a\":1}")));
        assertEquals(Outbox.Offer.QUEUED, box.offer(text("{\"a\":2}")));
        box.flush();
        box.flush();
        assertEquals(List.of("{\"a\":1}\n{\"a\":2}"), sink.sent, "what waits goes in one frame");
        box.offer(text("{\"a\":3}"));
        box.offer(text("{\"a\":4}"));
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
        Outbox box = outbox(Codecs.JSON, 100, 10_000);
        box.offer(text("{\"a\":1}"));
        box.flush();
        assertEquals(List.of("{\"a\":1}"), sink.sent, "a lone frame is sent at once, never held for a batch");
        for (int i = 2; i <= 6; i++) {
            box.offer(text("{\"a\":" + i + "}"));
        }
        box.ping();
        box.offer(text("{\"a\":7}"));
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
        Outbox box = outbox(Codecs.JSON, 100_000, 100_000_000);
        for (int i = 0; i < 50_000; i++) {
            box.offer(text("{\"n\":" + i + "}"));
        }
        box.flush();
        assertEquals(50_000, sink.sent.size());
        assertEquals("{\"n\":49999}", sink.sent.get(49_999));
    }

    @Test
    void overflowByCountOrBytesClosesTheOutboxCountsTheDropsAndEvictsOnce() {
        Outbox byCount = outbox(Codecs.NDJSON, 2, 10_000);
        byCount.offer(text("a"));
        byCount.offer(text("b"));
        assertEquals(Outbox.Offer.OVERFLOW, byCount.offer(text("c")));
        assertEquals(Outbox.Offer.CLOSED, byCount.offer(text("d")));
        assertEquals(2, stats.dropped());
        assertEquals(1, evictions, "an overflow hands the session to eviction, once");

        Outbox byBytes = outbox(Codecs.NDJSON, 100, 10);
        byBytes.offer(text("12345"));
        assertEquals(Outbox.Offer.OVERFLOW, byBytes.offer(text("123456")));
        assertEquals(0, byBytes.queued());
        assertEquals(2, evictions);
    }

    @Test
    void aPingOrAReplyThatOverflowsEvictsLikeAnEvent() {
        Outbox byPing = outbox(Codecs.JSON, 1, 10_000);
        byPing.offer(text("a"));
        assertEquals(Outbox.Offer.OVERFLOW, byPing.ping());
        assertEquals(1, evictions);
        Outbox byReply = outbox(Codecs.JSON, 1, 10_000);
        byReply.offer(event(1));
        assertEquals(Outbox.Offer.OVERFLOW, byReply.send(new io.herald.protocol.ControlFrames.Pong("r", "now")));
        assertEquals(2, evictions);
    }

    @Test
    void theBacklogCountsLiveEventsUntilTheyAreHandedToTheSocketOrDropped() {
        Outbox box = outbox(Codecs.NDJSON, 100, 10_000);
        for (int i = 1; i <= 3; i++) {
            box.offer(event(i));
        }
        backlog.entered(3); // what the dispatcher adds for the three offers
        box.offer(text("control")); // not an event: not in the backlog
        box.flush();
        assertEquals(0, backlog.queued(), "the first send took all four");
        box.offer(event(4));
        box.offer(event(5));
        backlog.entered(2);
        assertEquals(2, backlog.queued());
        box.close();
        assertEquals(0, backlog.queued(), "dropped events leave the backlog");
    }

    @Test
    void aSendInFlightIsTimedUntilItCompletes() {
        Outbox box = outbox(Codecs.JSON, 100, 10_000);
        assertEquals(0, box.inFlightMillis(System.currentTimeMillis() + 5_000), "nothing in flight");
        box.send(new io.herald.protocol.ControlFrames.Pong("r", "now"));
        long sent = System.currentTimeMillis(); // at or after the send's start, however slow the machine is
        assertTrue(box.inFlightMillis(sent + 5_000) >= 5_000, "in flight since the send started");
        sink.completeOne();
        assertEquals(0, box.inFlightMillis(sent + 5_000));
    }

    @Test
    void pingsWaitTheirTurnAndAreNeverCoalesced() {
        Outbox box = outbox(Codecs.NDJSON, 100, 10_000);
        box.offer(text("a"));
        box.flush();
        box.ping();
        box.offer(text("b"));
        sink.completeOne();
        sink.completeOne();
        assertEquals(List.of("a", "PING", "b"), sink.sent);
    }

    @Test
    void rewindTakesBackUnsentEventsAndReplayIsOutsideTheLiveBound() {
        Outbox box = outbox(Codecs.JSON, 2, 10_000);
        LoggedEvent e1 = event(1), e2 = event(2), e3 = event(3);
        box.offer(e1);
        box.flush();
        box.offer(e2);
        box.offer(text("control"));
        OutboxQueue.Rewound rewound = box.rewind();
        assertEquals(1, rewound.lastSent().sequence());
        assertEquals(1, rewound.firstSent().sequence());
        assertEquals(List.of(e2), rewound.unsent());
        box.replay(List.of(e2, e3, event(4), event(5)));
        assertEquals(Outbox.Offer.QUEUED, box.offer(event(6)), "replayed items do not count against max-frames");
        OutboxQueue.Rewound again = box.rewind();
        assertEquals(List.of(e2, e3, event(4), event(5), event(6)).stream().map(LoggedEvent::id).toList(),
                again.unsent().stream().map(LoggedEvent::id).toList(), "a second rewind takes back replayed events too");
        box.replay(again.unsent());
        for (int i = 0; i < 6; i++) {
            sink.completeOne();
        }
        assertEquals(List.of("e1", "control", "e2", "e3", "e4", "e5", "e6"), sink.sent.stream().map(OutboxTest::dataOf).toList());
    }

    /** A frame's data (events) or its text (control frames). */
    private static String dataOf(String frame) {
        int at = frame.indexOf("\"data\":\"");
        return at < 0 ? frame : frame.substring(at + 8, frame.indexOf('"', at + 8));
    }

    private static LoggedEvent event(long seq) {
        return new LoggedEvent(new EventId(9, seq), "t", "t", null, null, "\"e" + seq + "\"", 0, new LoggedEvent.FrameCache(), 0, null);
    }

    /** A session that resumed from an id this node has not dispatched yet (a cluster log): not sent twice. */
    @Test
    void liveEventsUpToTheSkipPointAreNotQueuedAndLaterOnesAre() {
        Outbox box = outbox(Codecs.JSON, 10, 100_000);
        box.skipThrough(new EventId(9, 2));
        assertEquals(Outbox.Offer.SKIPPED, box.offer(event(1)));
        assertEquals(Outbox.Offer.SKIPPED, box.offer(event(2)));
        assertEquals(Outbox.Offer.QUEUED_IDLE, box.offer(event(3)));
        box.flush();
        assertEquals(1, sink.sent.size());
        assertTrue(sink.sent.get(0).contains("e3"), sink.sent.get(0));
    }

    @Test
    void failedSendClosesTheSession() {
        Outbox box = outbox(Codecs.JSON, 10, 1000);
        box.offer(text("x"));
        box.flush();
        box.offer(text("y"));
        sink.pending.remove(0).sent(new java.io.IOException("reset"));
        assertEquals(1011, sink.closedWith);
        assertEquals(Outbox.Offer.CLOSED, box.offer(text("z")));
        assertTrue(stats.dropped() >= 2);
    }

    @Test
    void liveEventsAreCountedDeliveredWhenTheirSendCompletesControlFramesPingsAndReplaysAreNot() {
        sink.maxFramesPerSend = 3;
        Outbox box = outbox(Codecs.JSON, 100, 10_000);
        box.offer(event(1));
        box.flush();                     // e1 in flight alone
        box.offer(text("{\"c\":1}"));
        box.offer(event(2));
        box.offer(event(3));
        assertEquals(0, stats.delivered(), "nothing counted before a write completes");
        sink.completeOne();              // e1 done; [control, e2, e3] in flight as one batch
        assertEquals(1, stats.delivered());
        sink.completeOne();
        assertEquals(3, stats.delivered(), "each live event of a batch, not the control frame");
        box.ping();
        box.replay(List.of(event(4)));
        box.flush();
        sink.completeOne();
        sink.completeOne();
        assertEquals(3, stats.delivered(), "pings and replayed events are not live deliveries");
        assertEquals(5, stats.messagesOut());
    }

    @Test
    void theQueueOfASlowConsumerIsCountedAsDropped() {
        Outbox box = outbox(Codecs.JSON, 2, 10_000);
        box.offer(text("a"));
        box.flush();                     // a in flight
        box.offer(text("b"));
        box.offer(text("c"));
        assertEquals(Outbox.Offer.OVERFLOW, box.offer(text("d")));
        assertEquals(2, stats.dropped(), "b and c: the queue of a slow consumer");
        assertEquals(1, evictions);
    }
}
