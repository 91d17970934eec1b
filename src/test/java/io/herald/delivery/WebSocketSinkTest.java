package io.herald.delivery;

import io.herald.protocol.WireFrame;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What a send runs with: the platform class loader as context class loader while the container sends (Payara's
 * per-send context capture looks through the context class loader), the caller's own put back afterwards, also
 * when the container throws. The container's session is a recording stand-in; the sink is the real one.
 */
class WebSocketSinkTest {

    private final ClassLoader appLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    private final List<ClassLoader> seenBySend = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private RuntimeException failNextSend;
    private long idleTimeout;

    @Test
    void aSendRunsWithThePlatformLoaderAndPutsTheCallersBack() throws Exception {
        WebSocketSink sink = new WebSocketSink(session(false));
        AtomicReference<Throwable> result = new AtomicReference<>(new AssertionError("not completed"));

        inAppContext(() -> sink.send(new WireFrame.Text("{\"a\":1}"), result::set));

        assertEquals(List.of("{\"a\":1}"), texts);
        assertEquals(List.of(ClassLoader.getPlatformClassLoader()), seenBySend);
        assertNull(result.get());
    }

    @Test
    void aBatchAndAPingRunWithThePlatformLoaderToo() throws Exception {
        WebSocketSink sink = new WebSocketSink(session(true));
        AtomicReference<Throwable> result = new AtomicReference<>(new AssertionError("not completed"));

        inAppContext(() -> sink.send(List.of(new WireFrame.Text("1"), new WireFrame.Text("2")), result::set));
        inAppContext(() -> sink.ping(result::set));

        assertEquals(List.of("1", "2", "<ping>"), texts);
        assertEquals(List.of(ClassLoader.getPlatformClassLoader()), seenBySend.stream().distinct().toList());
        assertNull(result.get());
    }

    @Test
    void aSendThatThrowsStillPutsTheCallersLoaderBack() throws Exception {
        WebSocketSink sink = new WebSocketSink(session(false));
        failNextSend = new IllegalStateException("closed");

        inAppContext(() -> {
            try {
                sink.send(new WireFrame.Text("x"), failure -> { });
            } catch (IllegalStateException expected) {
                // the outbox turns this into a failed send; here only the loader matters
            }
        });
    }

    @Test
    void turningTheIdleTimeoutOffRunsWithThePlatformLoaderToo() {
        idleTimeout = 30_000;
        Session session = session(false);

        inAppContext(() -> WebSocketSink.disableIdleTimeout(session));

        assertEquals(List.of("<idle timeout 0>"), texts);
        assertEquals(List.of(ClassLoader.getPlatformClassLoader()), seenBySend);
        assertEquals(0, idleTimeout);
    }

    @Test
    void anIdleTimeoutThatIsOffAlreadyIsNotSetAgain() {
        idleTimeout = 0;

        WebSocketSink.disableIdleTimeout(session(false));

        assertEquals(List.of(), texts);
    }

    /** Runs {@code action} with {@link #appLoader} as context class loader and checks it is still there after. */
    private void inAppContext(Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            action.run();
            assertSame(appLoader, thread.getContextClassLoader());
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    /** A session whose async remote records each send and completes it at once, as a fast socket does. */
    private Session session(boolean batching) {
        boolean[] batchingOn = {false};
        RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (method, args) -> switch (method) {
            case "sendText" -> {
                seenBySend.add(Thread.currentThread().getContextClassLoader());
                if (failNextSend != null) {
                    RuntimeException e = failNextSend;
                    failNextSend = null;
                    throw e;
                }
                texts.add((String) args[0]);
                ((SendHandler) args[1]).onResult(new SendResult());
                yield null;
            }
            case "sendPing" -> {
                seenBySend.add(Thread.currentThread().getContextClassLoader());
                texts.add("<ping>");
                yield null;
            }
            case "setBatchingAllowed" -> {
                batchingOn[0] = batching && (Boolean) args[0];
                yield null;
            }
            case "getBatchingAllowed" -> batchingOn[0];
            case "flushBatch" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(Session.class, (method, args) -> switch (method) {
            case "getAsyncRemote" -> remote;
            case "getMaxIdleTimeout" -> idleTimeout;
            case "setMaxIdleTimeout" -> { // on Tyrus this schedules a task on the managed executor, as a send does
                seenBySend.add(Thread.currentThread().getContextClassLoader());
                texts.add("<idle timeout " + args[0] + ">");
                idleTimeout = (Long) args[0];
                yield null;
            }
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private interface Handler {
        Object call(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            try {
                return handler.call(method.getName(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
