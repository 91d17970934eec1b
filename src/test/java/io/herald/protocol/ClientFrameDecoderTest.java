package io.herald.protocol;

import jakarta.websocket.DecodeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Whatever a client sends, decoding either gives a frame or fails with a {@link DecodeException} (answered
 * {@code bad_json}): the JSON parser's own limits (nesting depth, number size) are the client's input's fault, not a
 * server error. Found by FuzzIT: Parsson throws plain RuntimeExceptions for them.
 */
class ClientFrameDecoderTest {

    private final ClientFrameDecoder decoder = new ClientFrameDecoder();

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"action\":}", "NaN", "\"\\uD800"})
    void textThatIsNotJsonIsADecodeException(String text) {
        assertThrows(DecodeException.class, () -> decoder.decode(text));
    }

    @Test
    void nestingDeeperThanTheParserTakesIsADecodeException() {
        assertThrows(DecodeException.class, () -> decoder.decode("[".repeat(10_000)));
        assertThrows(DecodeException.class, () -> decoder.decode("[".repeat(10_000) + "]".repeat(10_000)));
        assertThrows(DecodeException.class, () -> decoder.decode("{\"action\":\"subscribe\",\"types\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"));
    }

    @Test
    void numbersTooBigForTheParserAreADecodeException() {
        assertThrows(DecodeException.class, () -> decoder.decode("{\"action\":\"ping\",\"n\":1E+999999999999}"));
        assertThrows(DecodeException.class, () -> decoder.decode("{\"action\":\"resume\",\"since\":" + "9".repeat(60_000) + "}"));
        assertThrows(DecodeException.class, () -> decoder.decode("[-0." + "9".repeat(5_000) + "]"));
    }

    @Test
    void aFrameWithinTheLimitsDecodes() throws DecodeException {
        ClientFrame f = decoder.decode("{\"action\":\"ping\",\"ref\":\"r\",\"n\":" + "9".repeat(1_000) + ",\"deep\":" + "[".repeat(500) + "]".repeat(500) + "}");
        assertEquals("ping", f.action());
        assertEquals("r", f.ref());
        assertNull(decoder.decode("[1]").action());
    }
}
