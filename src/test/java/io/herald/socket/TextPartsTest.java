package io.herald.socket;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class TextPartsTest {

    @Test
    void aMessageWithinTheLimitIsHandedOnWholeAtItsLastPart() {
        TextParts parts = new TextParts(10);
        assertEquals("0123456789", parts.add("0123456789", true));
        assertNull(parts.add("01234", false));
        assertEquals("0123456789", parts.add("56789", true));
    }

    @Test
    void aMessageOverTheLimitIsRefusedOnceAndItsLaterPartsDroppedThenTheNextOneIsRead() {
        TextParts parts = new TextParts(10);
        assertNull(parts.add("012345", false));
        assertSame(TextParts.TOO_BIG, parts.add("678901", false));
        assertNull(parts.add("more", false));
        assertNull(parts.add("end", true));
        assertEquals("ok", parts.add("ok", true));
        assertSame(TextParts.TOO_BIG, parts.add("01234567890", true));
    }

    @Test
    void theLimitIsInUtf8Bytes() {
        assertEquals(1 + 2 + 3 + 4, TextParts.utf8Length("a\u00e9\u20ac\uD83D\uDE00"));
        TextParts parts = new TextParts(4);
        assertEquals("\uD83D\uDE00", parts.add("\uD83D\uDE00", true));
        assertSame(TextParts.TOO_BIG, parts.add("\u20ac\u20ac", true));
    }
}
