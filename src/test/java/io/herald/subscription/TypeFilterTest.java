package io.herald.subscription;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypeFilterTest {

    @Test
    void noSubscriptionLetsEveryTypeThrough() {
        assertTrue(TypeFilter.NONE.matches("anything.at:all"));
    }

    @Test
    void exactAndPrefixPatternsMatchOnlyWhatTheyName() {
        TypeFilter f = TypeFilter.NONE.plus(List.of("alert.*", "face.registered"));
        assertTrue(f.matches("alert.triggered"));
        assertTrue(f.matches("alert."));
        assertTrue(f.matches("face.registered"));
        assertFalse(f.matches("face.deleted"));
        assertFalse(f.matches("alerts"));
        assertFalse(f.matches("face.registered.v2"));
    }

    @Test
    void starAloneMatchesEverythingAndSurvivesRemovalOfOthers() {
        TypeFilter f = TypeFilter.NONE.plus(List.of("*", "x"));
        assertTrue(f.matches("y"));
        assertEquals(List.of("*"), List.copyOf(f.minus(List.of("x")).patterns()));
    }

    @Test
    void removingTheLastPatternReturnsToNoSubscription() {
        TypeFilter f = TypeFilter.NONE.plus(List.of("a")).minus(List.of("a"));
        assertTrue(f.matches("b"));
        assertEquals(0, f.size());
    }

    @Test
    void invalidPatternsAreRefused() {
        for (String bad : new String[]{"", "a*b", "**", "has space", ".lead", "x".repeat(129)}) {
            assertFalse(TypeFilter.isValidPattern(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> TypeFilter.NONE.plus(List.of(bad)));
        }
        assertTrue(TypeFilter.isValidType("message:new"));
        assertTrue(TypeFilter.isValidType("notification_update"));
        assertFalse(TypeFilter.isValidType("alert.*"));
    }
}
