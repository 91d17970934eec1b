package io.herald.platform;

import jakarta.servlet.ServletRequest;
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

    /** WildFly: I/O-thread sends and Undertow's request copies. */
    final class Undertow implements ServerPlatform {
        @Override
        public Executor sendExecutor(Session session) {
            return UndertowIoThreads.of(session);
        }

        @Override
        public void forgetUpgradeToken(ServletRequest request, String queryWithoutToken) {
            UndertowUpgrade.forgetToken(queryWithoutToken);
        }
    }

    /** Payara, and any other server: sends start anywhere; Grizzly's query copy is cleared where it is Payara's. */
    final class Grizzly implements ServerPlatform {
        @Override
        public Executor sendExecutor(Session session) {
            return null;
        }

        @Override
        public void forgetUpgradeToken(ServletRequest request, String queryWithoutToken) {
            GrizzlyUpgrade.forgetToken(request, queryWithoutToken);
        }
    }
}
