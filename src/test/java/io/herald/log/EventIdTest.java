package io.herald.log;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventIdTest {

    @Test
    void redisStreamIdsParseAndOrderAsRedisOrdersThem() {
        List<EventId> ids = new ArrayList<>(List.of(EventId.parse("1796177281599-10"), EventId.parse("1796177281600-0"),
                EventId.parse("1796177281599-2"), EventId.ZERO));
        ids.sort(null);
        assertEquals(List.of("0-0", "1796177281599-2", "1796177281599-10", "1796177281600-0"),
                ids.stream().map(EventId::toString).toList(), "by milliseconds, then sequence as a number");
        assertTrue(EventId.parse("1796177281600-0").isAfter(EventId.parse("1796177281599-99")));
        assertFalse(EventId.parse("5-5").isAfter(EventId.parse("5-5")));
    }

    @Test
    void theLocalFormatIsUnchanged() {
        assertEquals("1733000000000-42", EventId.parse("1733000000000-42").toString());
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("1-"));
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("-1-2"));
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("nope"));
    }
}
