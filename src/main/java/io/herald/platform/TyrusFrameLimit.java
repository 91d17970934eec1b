package io.herald.platform;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;

/**
 * Payara (Tyrus over the Servlet upgrade) only: closes a connection with 1009 when the client sends a frame over the
 * limit. Tyrus ignores {@code Session.setMaxTextMessageBufferSize} for a message in one frame: it buffers each
 * frame whole, up to its {@code org.glassfish.tyrus.incomingBufferSize} (4 MiB), and hands it on whatever its size;
 * a bigger frame fails its buffer with an {@code IllegalArgumentException} that it logs at WARNING and answers with
 * 1011 "Buffer overflow.", and the application is not asked.
 * <p>
 * So Tyrus gets the connection's bytes through a {@link FrameFilter}: Tyrus's upgrade handler is made here, and the
 * container is handed this handler instead, which gives Tyrus the connection with its input filtered. A frame over
 * the limit is dropped as it arrives, never buffered, and the session is closed with 1009 through the WebSocket
 * API: Tyrus sends the close frame and the endpoint's {@code @OnClose} sees it as any other close.
 * <p>
 * Nothing of Tyrus is compiled against: its handler is recognised by class name and made with its public no-argument
 * constructor; the rest is the Servlet and WebSocket APIs. Where that fails the upgrade goes on unfiltered (logged
 * once). Thread-safe: a connection's reads are sequential; the session is set once, while the connection opens.
 */
public final class TyrusFrameLimit implements HttpUpgradeHandler {

    static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";
    private static final System.Logger LOG = System.getLogger(TyrusFrameLimit.class.getName());
    /** The limit of the connection being opened on this thread, for {@link #opened}: Tyrus opens the session inside init. */
    private static final ThreadLocal<TyrusFrameLimit> OPENING = new ThreadLocal<>();
    private static volatile boolean failedOnce;

    private HttpUpgradeHandler tyrus;
    private int maxFrameBytes;
    private volatile Session session;

    /** For the container, which makes upgrade handlers itself; {@link #limit} sets it up. */
    public TyrusFrameLimit() {
    }

    /** @return the request whose upgrade to Tyrus gets its frames limited to {@code maxFrameBytes} of payload */
    static HttpServletRequest limit(HttpServletRequest request, int maxFrameBytes) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public <T extends HttpUpgradeHandler> T upgrade(Class<T> type) throws IOException, ServletException {
                if (!TYRUS_HANDLER.equals(type.getName())) {
                    return super.upgrade(type);
                }
                T handler;
                try {
                    handler = type.getConstructor().newInstance();
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    if (!failedOnce) {
                        failedOnce = true;
                        LOG.log(System.Logger.Level.WARNING, "Tyrus''s upgrade handler could not be made ({0}): frames over "
                                + "herald.limits.frame-bytes are not refused on this server", e.toString());
                    }
                    return super.upgrade(type);
                }
                TyrusFrameLimit limit = super.upgrade(TyrusFrameLimit.class);
                limit.tyrus = handler;
                limit.maxFrameBytes = maxFrameBytes;
                return handler;
            }
        };
    }

    /** In {@code @OnOpen}: the session of the connection being opened on this thread, if it is limited here. */
    static void opened(Session session) {
        TyrusFrameLimit limit = OPENING.get();
        if (limit != null) {
            limit.session = session;
        }
    }

    @Override
    public void init(WebConnection connection) {
        OPENING.set(this);
        try {
            tyrus.init(new Filtered(connection, new FrameFilter(maxFrameBytes, this::tooBig)));
        } finally {
            OPENING.remove();
        }
    }

    @Override
    public void destroy() {
        tyrus.destroy();
    }

    private void tooBig(long length) {
        Session s = session;
        LOG.log(System.Logger.Level.DEBUG, "frame of {0} bytes over the limit of {1}: closing {2} with 1009",
                length, maxFrameBytes, s == null ? "the connection" : s.getId());
        if (s == null) {
            return; // not opened (refused): the frame is dropped, Tyrus closes the connection itself
        }
        try {
            s.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "frame over " + maxFrameBytes + " bytes"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing with 1009 failed: {0}", e.toString());
        }
    }

    /** The connection as Tyrus sees it: its input filtered, the rest as it is. */
    private record Filtered(WebConnection connection, FrameFilter filter) implements WebConnection {

        @Override
        public ServletInputStream getInputStream() throws IOException {
            return new FilteredInput(connection.getInputStream(), filter);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return connection.getOutputStream();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /** The client's bytes after the {@link FrameFilter}; a read may hand on nothing (all dropped), never blocks more than the stream's. */
    static final class FilteredInput extends ServletInputStream {

        private final ServletInputStream in;
        private final FrameFilter filter;

        FilteredInput(ServletInputStream in, FrameFilter filter) {
            this.in = in;
            this.filter = filter;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (filter.pending() > 0) {
                return filter.drain(b, off, len);
            }
            int held = filter.held();
            int at = len > held ? off + held : off; // room for the held header bytes, or one byte at a time
            int n = in.read(b, at, len > held ? len - held : 1);
            return n <= 0 ? n : filter.filter(b, off, at, n);
        }

        /** Tyrus reads arrays; a single byte is the next that passes, or -1 when none passes before the stream runs dry. */
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0 && isReady());
            return n == 1 ? one[0] & 0xFF : -1;
        }

        @Override
        public int available() throws IOException {
            return filter.pending() + in.available();
        }

        @Override
        public boolean isFinished() {
            return filter.pending() == 0 && in.isFinished();
        }

        @Override
        public boolean isReady() {
            return filter.pending() > 0 || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
