package io.herald.protocol;

import java.util.List;

/** The codecs of the sub-protocols Herald speaks, by name. Immutable. */
public final class Codecs {

    /** How many distinct event encodings there are: the size of an event's per-encoding frame cache. */
    public static final int ENCODINGS = 1;

    public static final Codec JSON = new JsonCodec(SubProtocols.JSON, false);
    public static final Codec NDJSON = new JsonCodec(SubProtocols.NDJSON, true);

    /** In the server's order of preference when a client offers several. */
    private static final List<Codec> ALL = List.of(JSON, NDJSON);

    private Codecs() {
    }

    /** @return every codec, an immutable list */
    public static List<Codec> all() {
        return ALL;
    }

    /** @return the codec of a negotiated sub-protocol; {@link #JSON} for none or an unknown one (the contract's default) */
    public static Codec of(String subprotocol) {
        for (Codec c : ALL) {
            if (c.subprotocol().equals(subprotocol)) {
                return c;
            }
        }
        return JSON;
    }
}
