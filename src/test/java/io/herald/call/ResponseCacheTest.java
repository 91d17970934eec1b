package io.herald.call;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResponseCacheTest {

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    @Test
    void equalJsonHasOneKeyWhateverTheOrderOfMembers() {
        assertEquals(CanonicalJson.of(json("{\"b\":[1,{\"y\":2,\"x\":\"s\"}],\"a\":null}")),
                CanonicalJson.of(json("{ \"a\" : null, \"b\" : [1, {\"x\":\"s\",\"y\":2}] }")));
        assertEquals("{\"a\":null,\"b\":[1,{\"x\":\"s\",\"y\":2}]}", CanonicalJson.of(json("{\"b\":[1,{\"y\":2,\"x\":\"s\"}],\"a\":null}")));
        assertNotEquals(CanonicalJson.of(json("[1,2]")), CanonicalJson.of(json("[2,1]")), "arrays keep their order");
        assertEquals("null", CanonicalJson.of(null));
        assertEquals("{\"q\\\"\":\"a\\nb\"}", CanonicalJson.of(json("{\"q\\\"\":\"a\\nb\"}")), "escaped as JSON");
    }

    @Test
    void keysSeparateTenantsAndUsers() {
        JsonValue data = json("{\"q\":1}");
        assertNotEquals(ResponseCache.key("t1", "ann", data), ResponseCache.key("t2", "ann", data));
        assertNotEquals(ResponseCache.key("t1", "ann", data), ResponseCache.key("t1", "bob", data));
        assertNotEquals(ResponseCache.key("t1", null, data), ResponseCache.key("t2", null, data));
    }

    @Test
    void anAnswerIsKeptForItsTimeAndTheLeastRecentlyUsedGoesFirst() {
        ResponseCache cache = new ResponseCache(Duration.ofSeconds(1), 2);
        long t = 0;
        cache.put("a", JsonValue.TRUE, t);
        cache.put("b", JsonValue.FALSE, t);
        assertEquals(JsonValue.TRUE, cache.get("a", t + 1)); // a used: b is now the eldest
        cache.put("c", JsonValue.NULL, t);
        assertNull(cache.get("b", t + 1), "the least recently used was dropped");
        assertEquals(2, cache.size());
        assertEquals(JsonValue.TRUE, cache.get("a", t + 999_999_999L));
        assertNull(cache.get("a", t + 1_000_000_000L), "expired");
    }
}
