package io.herald.stream;

import io.herald.protocol.WireFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames as server-sent events: each JSON object is one message, {@code data: <json>\n\n}, an event's preceded by
 * {@code id: <event id>\n} so that a reconnecting {@code EventSource} sends it back as {@code Last-Event-ID}.
 * Stateless.
 * <p>
 * The event id is read from the frame's text rather than carried beside it: the JSON codec writes an event's envelope
 * with {@code type} first and {@code id} second ({@code {"type":"<type>","id":"<id>",...}}), types hold no quote, and
 * no control frame has {@code id} as its second field, so the look is a few character comparisons and shares the one
 * encoding of the event with every other session.
 */
final class SseFormat {

    static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final String TYPE = "{\"type\":\"";
    private static final String ID = ",\"id\":\"";

    private SseFormat() {
    }

    /** @return the messages of these text frames, in order, as UTF-8 */
    static byte[] messages(List<WireFrame> frames) {
        int size = 0;
        for (WireFrame f : frames) {
            size += f.size() + 40;
        }
        StringBuilder out = new StringBuilder(size);
        for (WireFrame f : frames) {
            append(out, ((WireFrame.Text) f).text());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the message of one text frame, as UTF-8 */
    static byte[] message(WireFrame frame) {
        String json = ((WireFrame.Text) frame).text();
        StringBuilder out = new StringBuilder(json.length() + 40);
        append(out, json);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void append(StringBuilder out, String json) {
        String id = eventId(json);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        out.append("data: ");
        if (json.indexOf('\n') < 0 && json.indexOf('\r') < 0) { // compact JSON: the rule
            out.append(json);
        } else { // a line break is JSON whitespace: each line its own data field, which EventSource joins with \n
            out.append(json.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\ndata: "));
        }
        out.append("\n\n");
    }

    /** @return the {@code id} of an event frame's JSON, null for any other frame */
    static String eventId(String json) {
        if (!json.startsWith(TYPE)) {
            return null;
        }
        int typeEnd = json.indexOf('"', TYPE.length());
        if (typeEnd < 0 || !json.startsWith(ID, typeEnd + 1)) {
            return null;
        }
        int from = typeEnd + 1 + ID.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }
}
