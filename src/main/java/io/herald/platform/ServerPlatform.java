package io.herald.platform;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.Session;

import java.util.concurrent.Executor;

/**
 * What differs per server, behind one small interface chosen at run time by the classes the server makes visible:
 * Undertow (WildFly) or Grizzly/Tyrus (Payara). The only package that touches a server's own classes; nothing else
 * imports them. Implementations are stateless and thread-safe; every method is a no-op (or null) where it does not
 * apply.
 */
public interface ServerPlatform {

    /** The query parameter browsers put their token in (the contract's {@code ?access_token=}). */
    String TOKEN_PARAMETER = "access_token";

    /**
     * @return where a send on this session is cheapest to start: the connection's own I/O thread where the server
     *         writes a connection's frames only there (Undertow); null where the calling thread writes (Tyrus)
     */
    Executor sendExecutor(Session session);

    /**
     * Takes the {@code access_token} out of the server's own record of an upgrade request, which it keeps for the
     * connection's life. Call on the request's thread, before the upgrade, once the token has been read.
     *
     * @param queryWithoutToken the query string left, null when nothing is
     */
    void forgetUpgradeToken(ServletRequest request, String queryWithoutToken);

    /**
     * Makes the connection an upgrade request becomes close with 1009 on a client frame of more than
     * {@code maxFrameBytes} of payload, where the server does not do so itself (Tyrus buffers a frame whole, up to
     * 4 MiB, whatever {@code Session.setMaxTextMessageBufferSize} says); such a frame is dropped unread. Call on the
     * upgrade request before it reaches the server's WebSocket filter.
     *
     * @return the request to pass on: {@code request} itself where the server keeps the limit (Undertow)
     */
    HttpServletRequest limitFrames(HttpServletRequest request, int maxFrameBytes);

    /** Call in {@code @OnOpen}: ties the session to the frame limit of its connection ({@link #limitFrames}). */
    void opened(Session session);

    /** @return the platform of the server this deployment runs on, never null */
    static ServerPlatform current() {
        return Detected.CURRENT;
    }

    /** @return true when {@code className} is visible to {@code from}'s class loader */
    static boolean present(String className, Class<?> from) {
        try {
            Class.forName(className, false, from.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Holds the detected platform: looked up once, on first use. */
    final class Detected {
        static final ServerPlatform CURRENT = UndertowUpgrade.AVAILABLE ? new Undertow() : new Grizzly();

        private Detected() {
        }
    }

    /**
     * WildFly: I/O-thread sends and Undertow's request copies. Undertow keeps the frame limit itself: it reads a
     * message against {@code setMax{Text,Binary}MessageBufferSize} as it arrives and closes with 1009 when over.
     */
    final class Undertow implements ServerPlatform {
        @Override
        public Executor sendExecutor(Session session) {
            return UndertowIoThreads.of(session);
        }

        @Override
        public void forgetUpgradeToken(ServletRequest request, String queryWithoutToken) {
            UndertowUpgrade.forgetToken(queryWithoutToken);
        }

        @Override
        public HttpServletRequest limitFrames(HttpServletRequest request, int maxFrameBytes) {
            return request;
        }

        @Override
        public void opened(Session session) {
        }
    }

    /**
     * Payara, and any other server: sends start anywhere; Grizzly's query copy is cleared where it is Payara's; an
     * upgrade to Tyrus's Servlet handler gets its frames limited ({@link TyrusFrameLimit}).
     */
    final class Grizzly implements ServerPlatform {
        @Override
        public Executor sendExecutor(Session session) {
            return null;
        }

        @Override
        public void forgetUpgradeToken(ServletRequest request, String queryWithoutToken) {
            GrizzlyUpgrade.forgetToken(request, queryWithoutToken);
        }

        @Override
        public HttpServletRequest limitFrames(HttpServletRequest request, int maxFrameBytes) {
            return TyrusFrameLimit.limit(request, maxFrameBytes);
        }

        @Override
        public void opened(Session session) {
            TyrusFrameLimit.opened(session);
        }
    }
}
