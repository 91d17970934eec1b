package io.herald.it;

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

    /** A close frame the server sent, or none. */
    public record Closed(int code, int pings, int frames, String ended) {
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
        String status = raw.readHeaders();
        if (!status.contains(" 101")) {
            s.close();
            throw new IOException("upgrade refused: " + status);
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
        try (Socket s = new Socket()) {
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
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Reads frames until the server's close frame (or the end of the stream), answering nothing, for at most {@code timeout}. */
    public Closed readUntilClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int pings = 0;
        int frames = 0;
        try {
            while (System.nanoTime() < deadline) {
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
                int opcode = b0 & 0x0F;
                frames++;
                if (opcode == 0x9) {
                    pings++;
                } else if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    return new Closed(code, pings, frames, "close frame");
                }
            }
        } catch (EOFException e) {
            return new Closed(-1, pings, frames, "end of stream");
        } catch (SocketTimeoutException e) {
            return new Closed(-1, pings, frames, "read timeout");
        }
        return new Closed(-1, pings, frames, "deadline");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
