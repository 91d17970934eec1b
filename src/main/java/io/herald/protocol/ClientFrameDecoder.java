package io.herald.protocol;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

import java.io.StringReader;
import java.util.Map;

/**
 * Decodes client text frames. Text that is not JSON, or JSON past the parser's limits (Parsson: nesting deeper than
 * 1,000, a number of more than 1,100 characters or with an exponent past an {@code int}), fails with a
 * {@link DecodeException} (answered {@code bad_json}); JSON that is not an object decodes to a frame without action
 * (answered {@code bad_frame}). Stateless.
 */
public class ClientFrameDecoder implements Decoder.Text<ClientFrame> {

    /** Json.createReader looks the JSON-P provider up (a ServiceLoader scan) on every call: one factory, shared. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private static final JsonObject EMPTY = JsonValue.EMPTY_JSON_OBJECT;

    @Override
    public ClientFrame decode(String text) throws DecodeException {
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonException for bad syntax, but a plain RuntimeException, NumberFormatException or
            // UnsupportedOperationException for the parser's limits: all of it is the client's text, never a server error
            throw new DecodeException(text, "not valid JSON");
        }
        if (!(value instanceof JsonObject frame)) {
            return new ClientFrame(null, null, EMPTY);
        }
        String action = frame.get("action") instanceof JsonString s ? s.getString() : null;
        String ref = frame.get("ref") instanceof JsonString s ? s.getString() : null;
        return new ClientFrame(action, ref, frame);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
