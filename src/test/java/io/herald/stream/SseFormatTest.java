package io.herald.stream;

import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.EventFrame;
import io.herald.protocol.WireFrame;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SseFormatTest {

    static final WireFrame EVENT = Codecs.JSON.event(new EventFrame("face.registered", "1764-7", "acme", null, "{\"n\":1}", "2026-12-02T00:00:00Z"));

    @Test
    void anEventFrameOfTheJsonCodecCarriesItsIdAndNoControlFrameDoes() {
        assertEquals("1764-7", SseFormat.eventId(((WireFrame.Text) EVENT).text()));
        for (Record control : List.of(new ControlFrames.Welcome("s", "u", "t", "herald.v1.json", "sse", "1-0", 25_000, Map.of()),
                new ControlFrames.Reply("id", "info", Map.of("id", "x")), new ControlFrames.Close(4401, "credential revoked"),
                new ControlFrames.Reset("1-1", null),
                new ControlFrames.ClientEventFrame("typing", "r", "u", Json.createObjectBuilder().add("id", "1").build()))) {
            assertNull(SseFormat.eventId(((WireFrame.Text) Codecs.JSON.control(control)).text()), control.toString());
        }
    }

    @Test
    void framesBecomeOneMessageEachAnEventWithItsIdLine() {
        WireFrame close = Codecs.JSON.control(new ControlFrames.Close(4508, "slow consumer"));
        String text = new String(SseFormat.messages(List.of(EVENT, close)), StandardCharsets.UTF_8);
        assertEquals("id: 1764-7\ndata: " + ((WireFrame.Text) EVENT).text() + "\n\n"
                + "data: {\"type\":\"close\",\"code\":4508,\"reason\":\"slow consumer\"}\n\n", text);
        assertEquals(new String(SseFormat.message(EVENT), StandardCharsets.UTF_8),
                new String(SseFormat.messages(List.of(EVENT)), StandardCharsets.UTF_8));
    }

    @Test
    void aLineBreakInTheJsonBecomesMoreDataLinesWhichEventSourceJoinsBack() {
        StringBuilder out = new StringBuilder();
        SseFormat.append(out, "{\"a\":\r\n1,\n\"b\":2}");
        assertEquals("data: {\"a\":\ndata: 1,\ndata: \"b\":2}\n\n", out.toString());
    }

    @Test
    void aPollAnswerListsTheFramesThenTheCloseFrame() {
        WireFrame close = Codecs.JSON.control(new ControlFrames.Close(4408, "no heartbeat"));
        assertEquals("{\"session\":\"s1\",\"frames\":[" + ((WireFrame.Text) EVENT).text() + "," + ((WireFrame.Text) close).text() + "]}",
                new String(PollSink.body("s1", List.of(EVENT), close), StandardCharsets.UTF_8));
        assertEquals("{\"session\":\"s1\",\"frames\":[]}", new String(PollSink.body("s1", List.of(), null), StandardCharsets.UTF_8));
    }
}
