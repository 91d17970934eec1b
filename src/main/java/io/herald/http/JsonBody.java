package io.herald.http;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads a request body that must be one JSON object, refusing it with the API's error codes. Stateless, thread-safe. */
public final class JsonBody {

    /** Json.createReader looks the JSON-P provider up (a ServiceLoader scan) on every call: one factory, shared. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private JsonBody() {
    }

    /**
     * @param body     the request body, UTF-8; read up to one byte past {@code maxBytes}
     * @param maxBytes the largest body accepted
     * @return the object, never null
     * @throws ApiException 413 {@code too_large} past {@code maxBytes}, 400 {@code bad_json} for text that is not JSON,
     *                      400 {@code bad_request} for JSON that is not an object
     */
    public static JsonObject read(InputStream body, int maxBytes) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new ApiException(413, ApiError.TOO_LARGE, "body larger than " + maxBytes + " bytes");
        }
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new ApiException(400, ApiError.BAD_JSON, "body is not valid JSON");
        }
        if (!(value instanceof JsonObject object)) {
            throw new ApiException(400, ApiError.BAD_REQUEST, "body must be a JSON object");
        }
        return object;
    }
}
