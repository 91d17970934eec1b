package io.herald.protocol;

/** The sub-protocols of the contract. */
public final class SubProtocols {

    /** One JSON object per text frame; also what a client that names no sub-protocol gets. */
    public static final String JSON = "herald.v1.json";
    /** One or more JSON objects per text frame, separated by {@code \n}: what waits in the outbox is coalesced. */
    public static final String NDJSON = "herald.v1.ndjson";

    private SubProtocols() {
    }
}
