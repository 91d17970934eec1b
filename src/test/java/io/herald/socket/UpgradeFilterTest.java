package io.herald.socket;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.herald.socket.UpgradeFilter.VerifiedUpgrade.parameters;
import static io.herald.socket.UpgradeFilter.VerifiedUpgrade.token;
import static io.herald.socket.UpgradeFilter.VerifiedUpgrade.withoutToken;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UpgradeFilterTest {

    @Test
    void theTokenLeavesTheQueryStringAndEverythingElseStaysInOrder() {
        assertEquals("rooms=a,b&since=1-2", withoutToken("rooms=a,b&access_token=eyJ.x.y&since=1-2"));
        assertEquals("rooms=a", withoutToken("access_token=eyJ.x.y&rooms=a"));
        assertEquals("types=x.*", withoutToken("types=x.*&access_token=1&access_token=2"));
    }

    @Test
    void aQueryOfOnlyTheTokenBecomesNone() {
        assertNull(withoutToken("access_token=eyJ.x.y"));
        assertNull(withoutToken("access_token"));
        assertNull(withoutToken(null));
    }

    @Test
    void parametersThatOnlyResembleTheTokenStay() {
        assertEquals("my_access_token=1&access_tokens=2", withoutToken("my_access_token=1&access_tokens=2"));
        assertEquals("rooms=a", withoutToken("rooms=a"));
    }

    @Test
    void parametersAreDecodedAsAServletContainerDoes() {
        Map<String, String[]> p = parameters("rooms=a%2Cb&types=x.*&types=y+z&since=&flag&bad=%zz&=x");
        assertArrayEquals(new String[] {"a,b"}, p.get("rooms"));
        assertArrayEquals(new String[] {"x.*", "y z"}, p.get("types"));
        assertArrayEquals(new String[] {""}, p.get("since"));
        assertArrayEquals(new String[] {""}, p.get("flag"));
        assertNull(p.get("bad"));
        assertEquals(4, p.size());
        assertEquals(Map.of(), parameters(null));
    }

    @Test
    void theTokenIsTheFirstAccessTokenValue() {
        assertEquals("eyJ.x.y", token("rooms=a&access_token=eyJ.x.y&access_token=other"));
        assertNull(token("rooms=a"));
        assertNull(token(null));
        assertEquals("a b", token("access_token=%zz&access_token=a+b"), "a pair that is not valid encoding is left out");
    }
}
