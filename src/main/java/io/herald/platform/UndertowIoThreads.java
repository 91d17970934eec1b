package io.herald.platform;

import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.Session;

import java.util.concurrent.Executor;

/**
 * Undertow (WildFly) only: the I/O thread that owns a WebSocket session's connection. Undertow writes a connection's
 * frames only on that thread; a send started on any other thread queues a task for it, per frame (a lock, a queue
 * node, a wake-up, a task dispatch), while a send started on it writes at once. Herald therefore starts the sends of
 * a fan-out on each connection's own I/O thread (delivery's flusher asks {@link ServerPlatform#sendExecutor}).
 * <p>
 * Loaded only where Undertow's JSR-356 classes are visible ({@link #AVAILABLE}; WildFly gives every web deployment
 * its {@code io.undertow.websocket} module); elsewhere nothing here is touched. Thread-safe, stateless.
 */
final class UndertowIoThreads {

    /** True when this deployment runs on Undertow's WebSocket implementation. */
    static final boolean AVAILABLE = present("io.undertow.websockets.jsr.UndertowSession");

    private UndertowIoThreads() {
    }

    /** @return the I/O thread of the session's connection, or null off Undertow */
    static Executor of(Session session) {
        if (!AVAILABLE || !(session instanceof UndertowSession undertow)) {
            return null;
        }
        return undertow.getWebSocketChannel().getIoThread();
    }

    private static boolean present(String className) {
        return ServerPlatform.present(className, UndertowIoThreads.class);
    }
}
