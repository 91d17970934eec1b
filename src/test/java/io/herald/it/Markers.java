package io.herald.it;

import jakarta.json.JsonObject;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shows that nothing reached a client before a point: a marker event published now must be its next frame. */
final class Markers {

    private Markers() {
    }

    /** Publishes a tenant-wide {@code marker} event and asserts it is the next frame of each client. */
    static void assertNext(URL base, String tenant, WsClient... clients) {
        String id = Api.publish(base, tenant, "{\"type\":\"marker\"}").getString("id");
        for (WsClient c : clients) {
            JsonObject f = c.next();
            assertEquals(id, f.getString("id", null), "expected nothing before the marker, got " + f);
        }
    }
}
