package io.herald.demo;

import io.herald.log.EventDraft;
import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceBoardTest {

    /** A log of one epoch that keeps every event, or answers resets when told to forget. */
    static final class ListLog implements EventLog {
        final List<LoggedEvent> events = new ArrayList<>();
        boolean forgetting;

        void add(String tenant, String type, String data) {
            events.add(new LoggedEvent(new EventId(1, events.size() + 1), tenant, type, null, null, data,
                    1_764_657_000_000L, new LoggedEvent.FrameCache(), 0, null));
        }

        @Override
        public CompletionStage<Appended> append(EventDraft draft) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EventId head(String tenant) {
            return new EventId(1, events.size());
        }

        @Override
        public Replay since(String tenant, EventId since) {
            if (forgetting) {
                return new Replay.Reset(since.toString(), null);
            }
            return new Replay.Events(events.stream().filter(e -> e.tenant().equals(tenant) && e.id().isAfter(since)).toList());
        }
    }

    private static FaceBoard board(ListLog log, boolean dev) {
        FaceBoard board = new FaceBoard();
        board.log = log;
        board.dev = dev;
        return board;
    }

    @Test
    void theBoardCountsTheTenantsRegistrationsSinceItsFirstLookNewestFirstAndBounded() {
        ListLog log = new ListLog();
        log.add("demo", "face.registered", "{\"face_id\":\"before\"}");
        FaceBoard board = board(log, true);
        assertEquals(0, board.of("demo").total(), "what came before the first look is not counted");
        for (int i = 0; i < FaceBoard.ROWS + 2; i++) {
            log.add("demo", "face.registered", "{\"face_id\":\"f-" + i + "\",\"external_id\":\"u-" + i + "\",\"camera\":\"c\"}");
            log.add("demo", "face.deleted", "{\"face_id\":\"f-" + i + "\"}");
            log.add("other", "face.registered", "{\"face_id\":\"x\"}");
        }
        FaceBoard.Board b = board.of("demo");
        assertEquals(FaceBoard.ROWS + 2, b.total());
        assertEquals(FaceBoard.ROWS, b.rows().size());
        assertEquals("f-" + (FaceBoard.ROWS + 1), b.rows().get(0).faceId());
        assertEquals("u-2", b.rows().get(FaceBoard.ROWS - 1).externalId());
        assertEquals(FaceBoard.ROWS + 2, board.of("demo").total(), "a second look counts nothing twice");
        assertTrue(b.available());
    }

    @Test
    void aResetGoesOnFromTheHeadAndAnyPayloadShowsAsWellAsItCan() {
        ListLog log = new ListLog();
        FaceBoard board = board(log, true);
        board.of("demo");
        log.add("demo", "face.registered", "[1,2]");
        log.add("demo", "face.registered", "{\"face_id\":42,\"camera\":\"" + "x".repeat(200) + "\"}");
        log.add("demo", "face.registered", "not json");
        FaceBoard.Board b = board.of("demo");
        assertEquals(3, b.total());
        assertEquals("–", b.rows().get(0).faceId());
        assertEquals("42", b.rows().get(1).faceId());
        assertEquals(81, b.rows().get(1).camera().length(), "cut to 80 characters and an ellipsis");
        assertEquals("–", b.rows().get(2).externalId());

        log.forgetting = true;
        log.add("demo", "face.registered", "{}");
        assertEquals(3, board.of("demo").total(), "after a reset: from the head on");
        log.forgetting = false;
        log.add("demo", "face.registered", "{}");
        assertEquals(4, board.of("demo").total());
    }

    @Test
    void outsideDevModeTheBoardIsEmptyAndABadTenantIsDemo() {
        ListLog log = new ListLog();
        FaceBoard off = board(log, false);
        log.add("demo", "face.registered", "{}");
        FaceBoard.Board b = off.of("demo");
        assertFalse(b.available());
        assertEquals(0, b.total());
        assertEquals("demo", board(log, true).of("a b<script>").tenant());
        assertEquals("demo", board(log, true).of(null).tenant());
        assertEquals("acme", board(log, true).of("acme").tenant());
    }
}
