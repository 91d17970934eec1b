package io.herald.call;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallMethodTest {

    static class Bound {
        @HeraldCall(value = "a.b", cacheFor = "PT30S")
        public String both(Map<String, Object> data, CallContext caller) { return ""; }

        @HeraldCall("none")
        public void none() { }

        @HeraldCall("two")
        public void two(String a, String b) { }

        @HeraldCall("static")
        public static void statik() { }

        @HeraldCall("bad name!")
        public void badName() { }

        @HeraldCall(value = "ttl", cacheFor = "30s")
        public void badTtl() { }
    }

    private static CallMethod of(String name) {
        for (Method m : Bound.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return CallMethod.of(m.getAnnotation(HeraldCall.class), null, m);
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void theContextAndTheDataParameterAreFoundInAnyOrder() {
        CallMethod m = of("both");
        assertEquals(1, m.contextIndex());
        assertEquals(0, m.dataIndex());
        assertEquals(Duration.ofSeconds(30), m.cacheFor());
        CallContext caller = new CallContext("t", "u", java.util.Set.of(), "s");
        assertArrayEquals(new Object[] {"data", caller}, m.arguments(caller, "data"));
        CallMethod none = of("none");
        assertEquals(-1, none.dataIndex());
        assertNull(none.cacheFor());
    }

    @Test
    void whatCannotBeBoundIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("two")).getMessage().contains("at most one parameter"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("statik")).getMessage().contains("static"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("badName")).getMessage().contains("not a call name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("badTtl")).getMessage().contains("ISO-8601"));
        assertThrows(IllegalArgumentException.class, () -> new CallException("Bad Code", "m"));
    }
}
