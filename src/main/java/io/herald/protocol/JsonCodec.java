package io.herald.protocol;

import java.util.List;

/**
 * The two JSON sub-protocols. They write an event with the same text, so they share encoding 0: an event is encoded
 * once for both. {@code herald.v1.json} sends each object alone; {@code herald.v1.ndjson} joins what already waits
 * for a session into one frame, one object per line, never holding a frame back to fill it. Immutable.
 */
final class JsonCodec implements Codec {

    static final int ENCODING = 0;

    private final String subprotocol;
    private final boolean joins;

    /** @param joins true for ndjson: several objects per frame, separated by {@code \n} */
    JsonCodec(String subprotocol, boolean joins) {
        this.subprotocol = subprotocol;
        this.joins = joins;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public int encoding() {
        return ENCODING;
    }

    /**
     * The envelope is written by hand around the payload JSON-B encoded once by the publisher: the other fields are
     * short names, and building the envelope with JSON-B would serialise the payload again for every event.
     */
    @Override
    public WireFrame event(EventFrame e) {
        StringBuilder out = new StringBuilder(96 + e.type().length() + e.tenant().length() + e.data().length());
        Json.appendString(out.append("{\"type\":"), e.type());
        Json.appendString(out.append(",\"id\":"), e.id());
        Json.appendString(out.append(",\"tenant\":"), e.tenant());
        out.append(",\"room\":");
        if (e.room() == null) {
            out.append("null");
        } else {
            Json.appendString(out, e.room());
        }
        out.append(",\"data\":").append(e.data());
        Json.appendString(out.append(",\"timestamp\":"), e.timestamp());
        return new WireFrame.Text(out.append('}').toString());
    }

    @Override
    public WireFrame control(Record frame) {
        return new WireFrame.Text(Json.write(frame));
    }

    /** ndjson: no count bound, only {@link #maxJoinedSize()}; json: one object per frame. */
    @Override
    public int maxJoined() {
        return joins ? Integer.MAX_VALUE : 1;
    }

    @Override
    public WireFrame join(List<WireFrame> frames) {
        if (!joins) {
            throw new UnsupportedOperationException(subprotocol + " sends one object per frame");
        }
        int size = frames.size() - 1;
        for (WireFrame f : frames) {
            size += f.size();
        }
        StringBuilder out = new StringBuilder(size);
        for (WireFrame f : frames) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(((WireFrame.Text) f).text());
        }
        return new WireFrame.Text(out.toString());
    }
}
