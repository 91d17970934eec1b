package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real SSE client for ITs: the JDK's HTTP client (HTTP/1.1, as a browser's {@code EventSource} on plain http) reading
 * {@code GET /sse} line by line as it arrives; each message is its {@code id:} (null when none) and its {@code data:}
 * JSON object. Comment lines (heartbeats) are counted.
 */
public final class SseClient implements AutoCloseable {

    public static final Duration WAIT = WsClient.WAIT;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One SSE message: its {@code id:} field (null when none) and its data, a JSON object. */
    public record Message(String id, JsonObject data) {
        public String type() {
            return data.getString("type");
        }
    }

    /** The stream was refused: the status and body of the answer. */
    public static final class Refused extends RuntimeException {
        public final int status;
        public final String contentType;
        public final String body;

        Refused(int status, String contentType, String body) {
            super(status + " " + body);
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile Stream<String> lines;

    private SseClient() {
    }

    /**
     * Opens {@code /sse?<query>} with these headers (name, value, …) and waits for the answer's head.
     *
     * @throws Refused when the answer is not 200
     */
    public static SseClient open(URL base, String query, String... headers) {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + "sse" + (query == null ? "" : "?" + query)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        SseClient c = new SseClient();
        HttpResponse<Stream<String>> r;
        try {
            r = HTTP.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofLines()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (r.statusCode() != 200) {
            String body = String.join("\n", r.body().toList());
            throw new Refused(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
        }
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim());
        c.lines = r.body();
        Thread reader = new Thread(() -> c.read(r.body()), "sse-client");
        reader.setDaemon(true);
        reader.start();
        return c;
    }

    /** Opens with {@code ?access_token=} and these more parameters, and reads {@code welcome}. */
    public static SseClient connect(URL base, String token, String... query) {
        SseClient c = open(base, String.join("&", query) + (query.length == 0 ? "" : "&") + WsClient.param("access_token", token));
        c.expectType("welcome");
        return c;
    }

    private void read(Stream<String> body) {
        String id = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) body::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        try (JsonReader reader = Json.createReader(new StringReader(data.toString()))) {
                            messages.add(new Message(id, reader.readObject()));
                        }
                    }
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (RuntimeException e) {
            // the stream broke or was closed by the test
        } finally {
            ended.complete(null);
        }
    }

    /** @return the next message, failing after {@link #WAIT} */
    public Message next() {
        Message m = poll(WAIT);
        assertNotNull(m, "no SSE message within " + WAIT);
        return m;
    }

    /** @return the next message, or null when none comes within {@code wait} */
    public Message poll(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Message expectType(String type) {
        Message m = next();
        assertEquals(type, m.type(), m.toString());
        return m;
    }

    /** @return the next message that carries an event id (skips control frames) */
    public Message nextEvent() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m != null && m.data().containsKey("id")) {
                return m;
            }
        }
        return fail("no event within " + WAIT);
    }

    /** @return the {@code close} frame, having asserted that the stream then ends */
    public JsonObject awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m != null && m.type().equals("close")) {
                try {
                    ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception e) {
                    fail("the stream did not end after its close frame");
                }
                return m.data();
            }
        }
        return fail("no close frame within " + timeout);
    }

    /** @return the heartbeat comments read so far */
    public int comments() {
        return comments.get();
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
    }
}
