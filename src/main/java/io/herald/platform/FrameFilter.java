package io.herald.platform;

import java.util.function.LongConsumer;

/**
 * Reads a client's WebSocket byte stream on its way to a server that would buffer a frame whole before looking at
 * its length (Tyrus): each frame header is held back until it is complete; a data frame whose payload is over the
 * limit is then never handed on, header nor payload: its bytes are counted off as they arrive and dropped, and the
 * breach is reported once per such frame with the announced length. Control frames (close, ping, pong) and frames
 * within the limit pass unchanged, so the client's answer to the close that follows still reaches the server.
 * <p>
 * Works in place on the caller's buffer: output never overtakes input, provided the caller reads new bytes after the
 * header bytes held back ({@link #held}), or a single byte when there is no room for that. Not thread-safe: one
 * connection's reads are sequential.
 */
final class FrameFilter {

    private static final int HEADER = 0;
    private static final int HEADER_OUT = 1;
    private static final int PAYLOAD = 2;
    private static final int SKIP = 3;

    private final long maxPayload;
    private final LongConsumer tooBig;
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerOut;
    private long remaining;
    private int state = HEADER;

    /** @param tooBig told the announced payload length of each data frame over {@code maxPayload} */
    FrameFilter(long maxPayload, LongConsumer tooBig) {
        this.maxPayload = maxPayload;
        this.tooBig = tooBig;
    }

    /** @return header bytes read but not handed on yet (the caller leaves room for them before new bytes) */
    int held() {
        return state == HEADER ? headerLength : 0;
    }

    /** @return bytes of a passed header still to be handed on (by {@link #drain}) before anything is read */
    int pending() {
        return state == HEADER_OUT ? headerLength - headerOut : 0;
    }

    /** Hands on pending header bytes: @return how many were copied to {@code b[off...]} */
    int drain(byte[] b, int off, int len) {
        int n = Math.min(len, pending());
        System.arraycopy(header, headerOut, b, off, n);
        headerOut += n;
        if (pending() == 0 && state == HEADER_OUT) {
            headerDone();
        }
        return n;
    }

    /**
     * Filters {@code n} bytes just read into {@code b[from...]}, writing what passes to {@code b[out...]}
     * ({@code out <= from}).
     *
     * @return how many bytes passed
     */
    int filter(byte[] b, int out, int from, int n) {
        int w = out;
        int r = from;
        int end = from + n;
        while (r < end && state != HEADER_OUT) {
            if (state == PAYLOAD || state == SKIP) {
                int k = (int) Math.min(remaining, end - r);
                if (state == PAYLOAD) {
                    System.arraycopy(b, r, b, w, k);
                    w += k;
                }
                r += k;
                remaining -= k;
                if (remaining == 0) {
                    state = HEADER;
                }
            } else {
                header[headerLength++] = b[r++];
                if (headerLength == headerSize()) {
                    w = decide(b, w, r - w);
                }
            }
        }
        return w - out;
    }

    /** A whole header was read: skip the frame or hand the header on; @return the new write position */
    private int decide(byte[] b, int w, int room) {
        long length = payloadLength();
        boolean data = (header[0] & 0x08) == 0;
        remaining = length;
        if (data && (length > maxPayload || length < 0)) {
            state = SKIP;
            headerLength = 0;
            tooBig.accept(length < 0 ? Long.MAX_VALUE : length);
            if (remaining <= 0) {
                state = HEADER;
            }
            return w;
        }
        state = HEADER_OUT;
        headerOut = Math.min(room, headerLength);
        System.arraycopy(header, 0, b, w, headerOut);
        if (headerOut == headerLength) {
            headerDone();
        }
        return w + headerOut;
    }

    private void headerDone() {
        headerLength = 0;
        state = remaining == 0 ? HEADER : PAYLOAD;
    }

    private int headerSize() {
        if (headerLength < 2) {
            return 2;
        }
        int code = header[1] & 0x7F;
        return 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
    }

    private long payloadLength() {
        int code = header[1] & 0x7F;
        if (code <= 125) {
            return code;
        }
        long length = 0;
        for (int i = 2, end = code == 126 ? 4 : 10; i < end; i++) {
            length = (length << 8) | (header[i] & 0xFF);
        }
        return length;
    }
}
