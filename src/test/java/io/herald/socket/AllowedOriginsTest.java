package io.herald.socket;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowedOriginsTest {

    @Test
    void listedOriginsPassCaseInsensitivelyOthersDoNotAndNoOriginAlwaysPasses() {
        AllowedOrigins list = AllowedOrigins.of(" https://app.example , http://localhost:8080/ ");
        assertTrue(list.allows("https://app.example"));
        assertTrue(list.allows("HTTPS://APP.EXAMPLE/"));
        assertTrue(list.allows("http://localhost:8080"));
        assertFalse(list.allows("http://localhost:8081"));
        assertFalse(list.allows("https://app.example.evil"));
        assertFalse(list.allows("null"));
        assertTrue(list.allows(null), "no Origin header: not a browser");
        assertTrue(AllowedOrigins.of("*").allows("https://anything"));
    }
}
