package io.herald.protocol;

import java.util.List;

/**
 * The two JSON sub-protocols. They write an event with the same text, so they share encoding 0: an event is encoded
 * once for both. {@code herald.v1.json} sends each object alone; {@code herald.v1.ndjson} joins what already waits
 * for a session into one frame, one object per line, never holding a frame back to fill it.
 */
final class JsonCodecs {

    static final int ENCODING = 0;

    private JsonCodecs() {
    }

    /**
     * The envelope is written by hand around the payload JSON-B encoded once by the publisher: the other fields are
     * short names, and building the envelope with JSON-B would serialise the payload again for every event.
     */
    static WireFrame.Text event(EventFrame e) {
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

    static WireFrame.Text control(Record frame) {
        return new WireFrame.Text(Json.write(frame));
    }

    /** {@code herald.v1.json}: exactly one JSON object per text frame. */
    static final class Single implements Codec {
        @Override
        public String subprotocol() {
            return SubProtocols.JSON;
        }

        @Override
        public int encoding() {
            return ENCODING;
        }

        @Override
        public WireFrame event(EventFrame event) {
            return JsonCodecs.event(event);
        }

        @Override
        public WireFrame control(Record frame) {
            return JsonCodecs.control(frame);
        }

        @Override
        public int maxJoined() {
            return 1;
        }

        @Override
        public WireFrame join(List<WireFrame> frames) {
            throw new UnsupportedOperationException("herald.v1.json sends one object per frame");
        }
    }

    /** {@code herald.v1.ndjson}: one or more JSON objects per text frame, separated by {@code \n}, in order. */
    static final class Lines implements Codec {
        @Override
        public String subprotocol() {
            return SubProtocols.NDJSON;
        }

        @Override
        public int encoding() {
            return ENCODING;
        }

        @Override
        public WireFrame event(EventFrame event) {
            return JsonCodecs.event(event);
        }

        @Override
        public WireFrame control(Record frame) {
            return JsonCodecs.control(frame);
        }

        @Override
        public int maxJoined() {
            return Integer.MAX_VALUE; // bounded by maxJoinedSize
        }

        @Override
        public WireFrame join(List<WireFrame> frames) {
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
}
