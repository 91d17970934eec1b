package io.herald.it;

import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client written on a plain socket, for misbehaving peers: one that completes the handshake and then
 * never reads (a slow consumer) or never answers pings (a zombie). It reads frames only when told to.
 */
public final class RawWebSocket implements AutoCloseable {

    /** A close frame the server sent (its code and reason), or none (code -1). */
    public record Closed(int code, String reason, int pings, int frames, String ended) {
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Completes the upgrade with {@code ?access_token=} and returns without reading any frame. */
    public static RawWebSocket connect(URL base, String token, int receiveBuffer) throws IOException {
        return connect(base, token, receiveBuffer, null);
    }

    /** As {@link #connect(URL, String, int)}, with more query parameters ({@code rooms=a}), may be null. */
    public static RawWebSocket connect(URL base, String token, int receiveBuffer, String query) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        writeUpgrade(s, base, (query == null ? "" : query + "&") + "access_token=" + token);
        RawWebSocket raw = new RawWebSocket(s);
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            String body = raw.readAvailable();
            s.close();
            throw new IOException("upgrade refused: " + head.strip().replace("\r\n", " | ") + (body.isEmpty() ? "" : " | body: " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
        }
        return raw;
    }

    /** Sends an upgrade request and returns the server's whole answer as text (for a refusal: status, headers, body). */
    public static String upgradeAnswer(URL base, String query) throws IOException {
        return upgradeAnswer(base, query, "");
    }

    /** @return the status line of the answer to an upgrade with these extra header lines, e.g. {@code HTTP/1.1 101 ...} */
    public static String upgradeStatus(URL base, String query, String headers) throws IOException {
        try (Socket s = new Socket()) {
            writeUpgrade(s, base, query, headers);
            return new RawWebSocket(s).readHeaders();
        }
    }

    /** As {@link #upgradeAnswer(URL, String)}, with more header lines ({@code "Origin: https://x\r\n"}). */
    public static String upgradeAnswer(URL base, String query, String headers) throws IOException {
        return upgradeAnswer(SocketFactory.getDefault(), base, query, headers);
    }

    /**
     * As {@link #upgradeAnswer(URL, String, String)} over a socket of this factory: an {@code SSLContext}'s for
     * {@code wss://} (the base URL's host name is then checked against the server's certificate).
     */
    public static String upgradeAnswer(SocketFactory sockets, URL base, String query, String headers) throws IOException {
        try (Socket s = sockets.createSocket()) {
            if (s instanceof SSLSocket tls) {
                SSLParameters checkHost = tls.getSSLParameters();
                checkHost.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(checkHost);
            }
            writeUpgrade(s, base, query, headers);
            byte[] buf = new byte[4096];
            StringBuilder answer = new StringBuilder();
            for (int n; answer.indexOf("}") < 0 && (n = s.getInputStream().read(buf)) > 0; ) {
                answer.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return answer.toString();
        }
    }

    private static void writeUpgrade(Socket s, URL base, String query) throws IOException {
        writeUpgrade(s, base, query, "");
    }

    private static void writeUpgrade(Socket s, URL base, String query, String headers) throws IOException {
        s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        s.setSoTimeout(20_000);
        String path = base.getPath() + (base.getPath().endsWith("/") ? "" : "/") + "ws?" + query;
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String readHeaders() throws IOException {
        String head = readHead();
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** @return the status line and header lines of the server's answer, up to and with the empty line */
    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 16_384 && !head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** @return what the server sent after a refusal's head within a second (its JSON body, if any), at most 2 KB */
    private String readAvailable() {
        try {
            socket.setSoTimeout(1_000);
            byte[] body = new byte[2_048];
            int n = in.read(body);
            return n <= 0 ? "" : new String(body, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Reads frames until the server's close frame (or the end of the stream), answering nothing, for at most {@code timeout}. */
    public Closed readUntilClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int pings = 0;
        int frames = 0;
        try {
            while (System.nanoTime() < deadline) {
                Frame f = readFrame();
                int opcode = f.opcode();
                byte[] payload = f.payload();
                frames++;
                if (opcode == 0x9) {
                    pings++;
                } else if (opcode == 0x8) {
                    int code = f.closeCode();
                    String reason = f.closeReason();
                    return new Closed(code, reason, pings, frames, "close frame");
                }
            }
        } catch (EOFException e) {
            return new Closed(-1, null, pings, frames, "end of stream");
        } catch (SocketTimeoutException e) {
            return new Closed(-1, null, pings, frames, "read timeout");
        }
        return new Closed(-1, null, pings, frames, "deadline");
    }

    /** Sends one masked, final frame with this payload. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrame(0x80 | opcode, payload, false);
    }

    /**
     * Sends one masked frame whose first byte is {@code firstByte} as given (FIN, RSV bits and opcode: a fragment
     * is {@code 0x01} then {@code 0x00}s and a final {@code 0x80}), for peers that break the framing on purpose.
     *
     * @param unmasked true to send the payload unmasked (the mask bit clear), which RFC 6455 forbids a client
     */
    public void sendFrame(int firstByte, byte[] payload, boolean unmasked) throws IOException {
        OutputStream out = socket.getOutputStream();
        byte[] header = header(firstByte & 0x0F, payload.length);
        header[0] = (byte) firstByte;
        if (unmasked) {
            header[1] &= 0x7F;
            out.write(header, 0, header.length - MASK.length);
            out.write(payload);
            out.flush();
            return;
        }
        out.write(header);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= MASK[i % 4];
        }
        out.write(masked);
        out.flush();
    }

    /**
     * Sends one masked, final frame of {@code length} payload bytes, all {@code fill}, streamed in 64 KB pieces so
     * that a frame of any size costs the client no more memory than one piece.
     *
     * @return the payload bytes written before the server stopped taking them (a write failed), or {@code length}
     */
    public long sendFrame(int opcode, long length, byte fill) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(header(opcode, length));
        byte[] piece = new byte[65_536];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = (byte) (fill ^ MASK[i % 4]); // 65,536 is a multiple of 4: every piece starts at MASK[0]
        }
        long written = 0;
        try {
            while (written < length) {
                int n = (int) Math.min(piece.length, length - written);
                out.write(piece, 0, n);
                written += n;
            }
            out.flush();
        } catch (IOException e) {
            return written; // the server closed the connection while the frame was still being written
        }
        return written;
    }

    /** Client frames must be masked (RFC 6455 5.3); the key need not be secret for a test. */
    private static final byte[] MASK = {0x1b, 0x2c, 0x3d, 0x4e};

    private static byte[] header(int opcode, long length) {
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream(14);
        header.write(0x80 | opcode);
        if (length <= 125) {
            header.write(0x80 | (int) length);
        } else if (length <= 0xFFFF) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8) & 0xFF);
            header.write((int) length & 0xFF);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift) & 0xFF);
            }
        }
        header.writeBytes(MASK);
        return header.toByteArray();
    }

    /** @return the payload of the next text frame, skipping other frames (answering none); null at a close frame */
    public String nextText() throws IOException {
        for (int i = 0; i < 1000; i++) {
            Frame f = readFrame();
            int opcode = f.opcode();
            byte[] payload = f.payload();
            if (opcode == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            } else if (opcode == 0x8) {
                return null;
            }
        }
        throw new IOException("no text frame in 1000 frames");
    }

    /** One unmasked server frame: its opcode and payload. */
    public record Frame(int opcode, byte[] payload) {

        /** @return the code of a close frame (1005 when it carries none) */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** @return the reason of a close frame, "" when it carries none */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** @return the next frame the server sent, whatever it is (answering none) */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
