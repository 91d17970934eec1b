package io.herald.platform;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The frame limit in front of Tyrus, read the way Tyrus reads: arrays of whatever size the stream offers. */
class FrameFilterTest {

    private static final int LIMIT = 1000;

    @Test
    void framesWithinTheLimitPassUnchangedHoweverTheyAreSplit() throws IOException {
        byte[] wire = concat(frame(0x1, 10, true), frame(0x1, 200, true), frame(0x1, LIMIT, true), frame(0x9, 5, true),
                frame(0x2, 0, true), frame(0x1, 126, false), frame(0x1, 70_000 / 100, true));
        for (int piece : new int[]{1, 2, 3, 7, 13, 14, 100, 4096}) {
            for (int readSize : new int[]{1, 2, 5, 16, 4096}) {
                List<Long> breaches = new ArrayList<>();
                assertArrayEquals(wire, readAll(wire, piece, readSize, breaches), "pieces of " + piece + ", reads of " + readSize);
                assertEquals(List.of(), breaches);
            }
        }
    }

    @Test
    void aFrameOverTheLimitIsDroppedWholeAndReportedOnceWhileTheFramesAroundItPass() throws IOException {
        byte[] before = frame(0x1, 20, true);
        byte[] after = frame(0x8, 2, true); // the client's close, after its big frame
        for (long big : new long[]{LIMIT + 1, 70_000, 2L << 20}) {
            byte[] wire = concat(before, frame(0x1, (int) big, true), after);
            for (int piece : new int[]{1, 9, 64 * 1024}) {
                List<Long> breaches = new ArrayList<>();
                assertArrayEquals(concat(before, after), readAll(wire, piece, 16_384, breaches), big + " in pieces of " + piece);
                assertEquals(List.of(big), breaches);
            }
        }
    }

    @Test
    void aBinaryFrameOverTheLimitWithA64BitLengthIsDroppedToo() throws IOException {
        List<Long> breaches = new ArrayList<>();
        byte[] out = readAll(concat(frame(0x2, 70_000, true), frame(0xA, 0, true)), 4096, 4096, breaches);
        assertArrayEquals(frame(0xA, 0, true), out);
        assertEquals(List.of(70_000L), breaches);
    }

    /** Feeds {@code wire} in pieces (each read sees at most one piece) and reads it through the filter. */
    private static byte[] readAll(byte[] wire, int piece, int readSize, List<Long> breaches) throws IOException {
        TyrusFrameLimit.FilteredInput in = new TyrusFrameLimit.FilteredInput(new Pieces(wire, piece),
                new FrameFilter(LIMIT, breaches::add));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[readSize];
        for (int i = 0; i < 10_000_000 && (in.isReady() || !in.isFinished()); i++) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] frame(int opcode, int length, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        int mask = masked ? 0x80 : 0;
        if (length <= 125) {
            f.write(mask | length);
        } else if (length <= 0xFFFF) {
            f.write(mask | 126);
            f.write(length >>> 8);
            f.write(length & 0xFF);
        } else {
            f.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) length >>> shift) & 0xFF);
            }
        }
        if (masked) {
            f.writeBytes(new byte[]{1, 2, 3, 4});
        }
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** A non-blocking stream that offers its bytes a piece at a time. */
    private static final class Pieces extends ServletInputStream {
        private final byte[] bytes;
        private final int piece;
        private int pos;

        Pieces(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(len, Math.min(piece - pos % piece, bytes.length - pos));
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int read() {
            return pos == bytes.length ? -1 : bytes[pos++] & 0xFF;
        }

        @Override
        public boolean isFinished() {
            return pos == bytes.length;
        }

        @Override
        public boolean isReady() {
            return pos < bytes.length;
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }
    }
}
