package io.herald.tenant;

/**
 * What feeds a connection: its outbound queue, implemented by delivery (a WebSocket today; an SSE stream or a long
 * poll later). The registry holds it for the connection and never calls it; readers outside delivery only read
 * figures. Thread-safe.
 */
public interface Outbound {

    /** @return JSON objects (or binary messages) written to the client so far */
    long sent();

    /** @return items waiting to be sent, a moment's figure */
    int queued();
}
