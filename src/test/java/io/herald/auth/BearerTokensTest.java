package io.herald.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BearerTokensTest {

    private static final String COOKIES = "theme=dark; Bearer=from-cookie; other=x";

    @Test
    void headerModeIgnoresTheCookie() throws Exception {
        BearerTokens header = BearerTokens.of("Authorization", "Bearer");
        assertEquals(Optional.empty(), header.tokenIn(new Credentials(null, null, COOKIES, null)));
        assertEquals(Optional.of("q"), header.tokenIn(new Credentials(null, "q", COOKIES, null)));
        assertEquals(Optional.of("h"), header.tokenIn(new Credentials("Bearer h", "q", COOKIES, null)));
    }

    @Test
    void cookieModeReadsTheNamedCookieAndTheHeaderStillWins() throws Exception {
        BearerTokens cookie = BearerTokens.of("Cookie", "Bearer");
        assertEquals(Optional.of("from-cookie"), cookie.tokenIn(new Credentials(null, "q", COOKIES, null)));
        assertEquals(Optional.of("h"), cookie.tokenIn(new Credentials("bearer h", null, COOKIES, null)));
        assertEquals(Optional.of("q"), cookie.tokenIn(new Credentials(null, "q", "theme=dark", null)));
        assertEquals(Optional.of("v"), BearerTokens.of("Cookie", "jwt").tokenIn(new Credentials(null, null, "a=1;jwt=\"v\"", null)));
        assertEquals(Optional.empty(), BearerTokens.of("Cookie", "jwt").tokenIn(new Credentials(null, null, "xjwt=1; jwt=", null)));
    }

    @Test
    void anotherAuthorizationSchemeIsRefused() {
        assertThrows(AuthenticationException.class,
                () -> BearerTokens.of("Cookie", "Bearer").tokenIn(new Credentials("Basic abc", null, COOKIES, null)));
    }
}
