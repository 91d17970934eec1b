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

    @Test
    void theApplicationsLoginCountsOnlyFromAPageOfItsOwnOriginOrFromAClientThatIsNoBrowser() {
        assertTrue(AllowedOrigins.sameOrigin("http://localhost:8080", "localhost:8080"));
        assertTrue(AllowedOrigins.sameOrigin("https://App.example.com", "app.example.com"));
        assertTrue(AllowedOrigins.sameOrigin(null, "app.example.com"), "no Origin: no other site's page");
        assertFalse(AllowedOrigins.sameOrigin("http://evil.example", "localhost:8080"));
        assertFalse(AllowedOrigins.sameOrigin("http://localhost:8081", "localhost:8080"), "another port is another origin");
        assertFalse(AllowedOrigins.sameOrigin("null", "localhost:8080"), "an opaque origin (sandboxed frame, file:)");
        assertFalse(AllowedOrigins.sameOrigin("http://localhost:8080", null));
        assertFalse(AllowedOrigins.sameOrigin("http://[bad", "localhost:8080"));
    }
}
