package io.herald.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real HTTP receiver for webhooks on 127.0.0.1 (a free port): records every request by path, and answers each path
 * with the status it was given (200 unless told otherwise), optionally holding the first request until released.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: the exact body bytes and the headers the test checks. */
    record Received(String path, byte[] body, String signature, String event, String delivery, String contentType) {
        JsonObject json() {
            try (var r = jakarta.json.Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
                return r.readObject();
            }
        }

        /** @return true when {@code signature} is {@code sha256=} and the hex HMAC-SHA256 of the body with {@code secret} */
        boolean signedWith(String secret) {
            return verifies(secret, body, signature);
        }
    }

    private HttpServer server; // set once, by start, before the receiver is handed out
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final List<Received> received = new ArrayList<>();

    static WebhookReceiver start() {
        WebhookReceiver r = new WebhookReceiver();
        r.server = LoopbackHttp.start("/", r::handle, "webhook-receiver", 4);
        return r;
    }

    /** The receiver's verification, as the README shows it. */
    static boolean verifies(String secret, byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, int status) {
        statuses.put(path, status);
    }

    /** The first request to {@code path} is held until {@link #release}; its answer is then the path's status. */
    void holdFirst(String path) {
        holds.put(path, new CountDownLatch(1));
    }

    void release(String path) {
        holds.get(path).countDown();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            String path = x.getRequestURI().getPath();
            Received r = new Received(path, body, x.getRequestHeaders().getFirst("X-Herald-Signature"),
                    x.getRequestHeaders().getFirst("X-Herald-Event"), x.getRequestHeaders().getFirst("X-Herald-Delivery"),
                    x.getRequestHeaders().getFirst("Content-Type"));
            boolean first;
            synchronized (received) {
                first = received.stream().noneMatch(e -> e.path().equals(path));
                received.add(r);
                received.notifyAll();
            }
            CountDownLatch hold = holds.get(path);
            if (first && hold != null) {
                hold.await(30, TimeUnit.SECONDS); // bounded: a test that fails never holds the server's sender for long
            }
            x.sendResponseHeaders(statuses.getOrDefault(path, 200), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return a snapshot of what reached {@code path}, in arrival order */
    List<Received> at(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    /** Waits until what reached {@code path} satisfies {@code done}; fails after {@code timeout}. */
    List<Received> await(String path, Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> now = received.stream().filter(r -> r.path().equals(path)).toList();
                if (done.test(now)) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("the receiver's " + path + " did not get what was awaited within " + timeout + "; it got "
                            + now.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList());
                }
                received.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }
}
