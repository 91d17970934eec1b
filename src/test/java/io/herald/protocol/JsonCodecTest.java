package io.herald.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON codecs write the contract's envelope, valid JSON whatever the strings hold, and join only for ndjson. */
class JsonCodecTest {

    @Test
    void theEnvelopeIsTheContractsWithThePayloadAsItWasEncoded() {
        String text = ((WireFrame.Text) Codecs.JSON.event(new EventFrame("face.registered", "7-3", "acme", null,
                "{\"faceId\":\"f-1\",\"n\":[1,2]}", "2026-12-01T10:00:00.000Z"))).text();
        assertEquals("{\"type\":\"face.registered\",\"id\":\"7-3\",\"tenant\":\"acme\",\"room\":null,"
                + "\"data\":{\"faceId\":\"f-1\",\"n\":[1,2]},\"timestamp\":\"2026-12-01T10:00:00.000Z\"}", text);
        JsonObject withRoom = parse(((WireFrame.Text) Codecs.NDJSON.event(new EventFrame("t", "1-1", "a\"b\\c", "conv-7",
                "null", "ts"))).text());
        assertEquals("a\"b\\c", withRoom.getString("tenant"), "strings are escaped");
        assertEquals("conv-7", withRoom.getString("room"));
    }

    @Test
    void bothJsonSubProtocolsShareOneEncodingAndOnlyNdjsonJoins() {
        assertEquals(Codecs.JSON.encoding(), Codecs.NDJSON.encoding());
        List<WireFrame> two = List.of(new WireFrame.Text("{\"a\":1}"), new WireFrame.Text("{\"a\":2}"));
        assertEquals("{\"a\":1}\n{\"a\":2}", ((WireFrame.Text) Codecs.NDJSON.join(two)).text());
        assertEquals(1, Codecs.JSON.maxJoined());
        assertThrows(UnsupportedOperationException.class, () -> Codecs.JSON.join(two));
        assertSame(Codecs.JSON, Codecs.of(null), "no sub-protocol: the contract's default");
        assertSame(Codecs.NDJSON, Codecs.of("herald.v1.ndjson"));
    }

    @Test
    void presenceAndClientEventFramesCarryTheirJsonAsJson() {
        JsonObject meta = Json.createObjectBuilder().add("name", "Dr. A").build();
        assertEquals("{\"type\":\"presence\",\"room\":\"conv-7\",\"user\":\"alice\",\"state\":\"join\",\"meta\":{\"name\":\"Dr. A\"}}",
                text(new ControlFrames.Presence("conv-7", "alice", "join", meta)));
        assertEquals("{}", parse(text(new ControlFrames.Presence("conv-7", "alice", "leave", null))).get("meta").toString());
        assertEquals("{\"type\":\"user:status\",\"user\":\"bob\",\"state\":\"online\"}",
                text(new ControlFrames.UserStatus("bob", "online")));
        assertEquals("{\"type\":\"typing\",\"room\":\"r\",\"user\":\"a\",\"data\":[1,\"x\"]}",
                text(new ControlFrames.ClientEventFrame("typing", "r", "a", Json.createArrayBuilder().add(1).add("x").build())));
        JsonObject noData = parse(text(new ControlFrames.ClientEventFrame("typing", "r", "a", jakarta.json.JsonValue.NULL)));
        assertEquals("typing", noData.getString("type"));
    }

    private static String text(Record frame) {
        return ((WireFrame.Text) Codecs.JSON.control(frame)).text();
    }

    private static JsonObject parse(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    /** Found by FuzzIT: a lone surrogate (a client's {@code "\\uD800"} escape) written bare has no UTF-8 form. */
    @Test
    void loneSurrogatesAreWrittenAsEscapesAndPairsAndPlainTextAreLeftAsTheyAre() {
        String control = ((WireFrame.Text) Codecs.JSON.control(new ControlFrames.Pong("a\uD800b\uDC00", "ts"))).text();
        assertEquals("{\"ref\":\"a\\ud800b\\udc00\",\"timestamp\":\"ts\",\"type\":\"pong\"}".length(), control.length(), control);
        assertEquals("a\uD800b\uDC00", parse(control).getString("ref"), "the value is kept");
        assertEquals(-1, firstSurrogate(control));
        String pair = "{\"s\":\"\uD83D\uDE00\"}";
        assertSame(pair, io.herald.protocol.Json.wellFormed(pair));
        assertEquals("{\"s\":\"\\udc00\uD83D\uDE00\\ud83d\"}", io.herald.protocol.Json.wellFormed("{\"s\":\"\uDC00\uD83D\uDE00\uD83D\"}"));
        String event = ((WireFrame.Text) Codecs.JSON.event(new EventFrame("t", "1-1", "acme", "r\uDBFF", "null", "ts"))).text();
        assertEquals(-1, firstSurrogate(event), event);
        assertEquals("r\uDBFF", parse(event).getString("room"));
    }

    private static int firstSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
