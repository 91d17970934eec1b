package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real WebSocket client (the JDK's) for ITs: collects every JSON object the server sends, splitting
 * {@code herald.v1.ndjson} frames, and records how the connection closed.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile int textFrames;
    private WebSocket socket;
    private JsonObject welcome;

    private WsClient() {
    }

    /** Builds {@code ws://.../ws?...} ({@code wss://} from an {@code https} base) from the deployment's base URL. */
    public static URI uri(URL base, String query) {
        String http = base.toExternalForm();
        String ws = "ws" + http.substring(4) + (http.endsWith("/") ? "" : "/") + "ws";
        return URI.create(query == null || query.isEmpty() ? ws : ws + "?" + query);
    }

    public static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Connects with {@code ?access_token=} and waits for {@code welcome}. */
    public static WsClient connect(URL base, String token, String... query) {
        return connect(HTTP, base, token, query);
    }

    /** As {@link #connect(URL, String, String...)} through this client (one that trusts a test certificate, for wss). */
    public static WsClient connect(HttpClient http, URL base, String token, String... query) {
        List<String> params = new ArrayList<>(List.of(query));
        params.add(param("access_token", token));
        WsClient c = open(http, uri(base, String.join("&", params)), null, null);
        c.welcome = c.expectType("welcome");
        return c;
    }

    /** @return the welcome frame {@link #connect(URL, String, String...)} waited for, or null for the other openings */
    public JsonObject welcome() {
        return welcome;
    }

    /** Connects with an {@code Authorization} header and optional sub-protocol; the welcome stays queued. */
    public static WsClient open(URI uri, String bearer, String subprotocol) {
        return open(HTTP, uri, bearer, subprotocol);
    }

    /** As {@link #open(URI, String, String)} through this client (one that trusts a test certificate, for wss). */
    public static WsClient open(HttpClient http, URI uri, String bearer, String subprotocol) {
        return bearer == null ? openWithHeaders(http, uri, subprotocol)
                : openWithHeaders(http, uri, subprotocol, "Authorization", "Bearer " + bearer);
    }

    /** Connects with an {@code X-API-Key} header, as a native client does; the welcome stays queued. */
    public static WsClient withApiKey(URL base, String apiKey) {
        return openWithHeaders(HTTP, uri(base, null), null, "X-API-Key", apiKey);
    }

    /**
     * Connects through this client with these headers (name, value, name, value…) and optional sub-protocol; the
     * welcome stays queued.
     *
     * @throws HandshakeRefused when the upgrade is answered with an HTTP status
     */
    public static WsClient openWithHeaders(HttpClient http, URI uri, String subprotocol, String... headers) {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(WAIT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (subprotocol != null) {
            b.subprotocols(subprotocol);
        }
        return open(b, uri);
    }

    /** Connects with these request headers (e.g. {@code Cookie}); the welcome stays queued. */
    public static WsClient openWithHeaders(URI uri, java.util.Map<String, String> headers) {
        return openWithHeaders(HTTP, uri, null, headers.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
    }

    private static WsClient open(WebSocket.Builder b, URI uri) {
        WsClient c = new WsClient();
        try {
            c.socket = b.buildAsync(uri, c).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return c;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new HandshakeRefused(h.getResponse().statusCode());
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the HTTP status with which an upgrade was refused */
    public static int refusedStatus(URI uri, String bearer) {
        try {
            open(uri, bearer, null).close();
            return 101;
        } catch (HandshakeRefused r) {
            return r.status;
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends an action frame and returns the answer carrying its ref (a reply, pong or error). */
    public JsonObject request(String ref, String frameJson) {
        send(frameJson);
        JsonObject answer = next();
        assertEquals(ref, answer.getString("ref", null), "answer to " + frameJson + ": " + answer);
        return answer;
    }

    /** @return the next object, failing after {@link #WAIT} */
    public JsonObject next() {
        try {
            JsonObject f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(f, "no frame within " + WAIT);
            return f;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the next object, or null when none comes within {@code wait} (to show that nothing arrives) */
    public JsonObject poll(Duration wait) {
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonObject expectType(String type) {
        JsonObject f = next();
        assertEquals(type, f.getString("type"), "unexpected frame " + f);
        return f;
    }

    /** @return the next frame that carries an event id (skips control frames) */
    public JsonObject nextEvent() {
        for (int i = 0; i < 1000; i++) {
            JsonObject f = next();
            if (f.containsKey("id")) {
                return f;
            }
        }
        return fail("no event among 1000 frames");
    }

    /**
     * @return the id of the next frame if it is an event, "no frame" when none came within {@link #WAIT}, or a
     *         description of the control frame that came instead (for assertion messages)
     */
    public String nextEventOrNull() {
        try {
            JsonObject f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return f == null ? "no frame" : f.getString("id", f.toString());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the close code, failing if the server does not close within the timeout */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("connection not closed within " + timeout);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public int textFrames() {
        return textFrames;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "bye");
        }
        socket.abort();
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        socket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            textFrames++;
            for (String line : partial.toString().split("\n")) {
                try (JsonReader r = Json.createReader(new StringReader(line))) {
                    frames.add(r.readObject());
                }
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
    }

    /** An upgrade answered with an HTTP status instead of 101. */
    public static final class HandshakeRefused extends RuntimeException {
        public final int status;

        HandshakeRefused(int status) {
            super("upgrade refused with HTTP " + status);
            this.status = status;
        }
    }
}
