package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, item 4: a burst the server cannot write as fast as it is published. Every reading subscriber must get
 * every event, in order, and none may be closed as a slow consumer (the server is slow, not they), while a socket
 * that really stopped reading beside them is still closed with 4508. Default configuration, {@code herald.v1.json}.
 */
@ExtendWith(ArquillianExtension.class)
class SlowServerIT {

    static final int SUBSCRIBERS = 1000;
    static final int EVENTS = 1500;
    static final Duration DELIVERY_BOUND = Duration.ofMinutes(5);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // presence off: 1,000 readers joining one room would also be 500,000 presence frames, and this measures events
        return HeraldDeployment.war(java.util.Map.of("herald.presence.rooms", "none"));
    }

    @Test
    void aBurstTheServerCannotKeepUpWithReachesEveryReaderAndClosesOnlyTheStalledSocket() throws Exception {
        String tenant = "slowserver-" + UUID.randomUUID();
        List<HttpClient> http = List.of(HttpClient.newHttpClient(), HttpClient.newHttpClient());
        CountDownLatch done = new CountDownLatch(SUBSCRIBERS);
        List<Subscriber> readers = new ArrayList<>();
        for (int s = 0; s < SUBSCRIBERS; s++) {
            Subscriber r = new Subscriber(done);
            r.socket = http.get(s % 2).newWebSocketBuilder().buildAsync(WsClient.uri(base, "rooms=burst&"
                    + WsClient.param("access_token", Tokens.user(tenant, "r" + s))), r).get(30, TimeUnit.SECONDS);
            readers.add(r);
        }
        for (Subscriber r : readers) {
            assertTrue(r.welcomed.await(30, TimeUnit.SECONDS), "every reader is welcomed");
        }
        try (RawWebSocket stalled = RawWebSocket.connect(base, Tokens.user(tenant, "stalled"), 4096, "rooms=burst")) {
            // the stalled socket's buffers are full before the burst, so its send in flight cannot complete: 24 MB,
            // more than the kernel and the server's own write queue hold for one connection (Payara: ~10 MB)
            String pad = "x".repeat(60_000);
            for (int n = 0; n < 400; n++) {
                Api.publish(base, tenant, "{\"type\":\"fill\",\"user\":\"stalled\",\"data\":{\"pad\":\"" + pad + "\"}}");
            }
            long started = System.nanoTime();
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int from = p;
                publishers.add(CompletableFuture.runAsync(() -> {
                    for (int n = from; n < EVENTS; n += 4) {
                        Api.publish(base, tenant, "{\"type\":\"tick\",\"room\":\"burst\",\"data\":{\"n\":" + n + "}}");
                    }
                }));
            }
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            long publishedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            boolean all = done.await(DELIVERY_BOUND.toMillis(), TimeUnit.MILLISECONDS);

            long complete = readers.stream().filter(r -> r.events == EVENTS).count();
            long closed = readers.stream().filter(r -> r.closeCode != 0).count();
            String firstProblem = readers.stream().map(r -> r.problem).filter(p -> p != null).findFirst().orElse("none");
            assertTrue(all, complete + " of " + SUBSCRIBERS + " readers got all " + EVENTS + " events (published in "
                    + publishedMs + " ms), " + closed + " closed; first problem: " + firstProblem);
            assertEquals(0, closed, "no reader was closed");
            assertEquals("none", firstProblem);

            RawWebSocket.Closed stalledClose = stalled.readUntilClose(Duration.ofSeconds(60));
            assertEquals(4508, stalledClose.code(), "the stalled socket is a slow consumer: " + stalledClose);
            JsonObject stats = Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body()
                    .getJsonObject("tenants").getJsonObject(tenant);
            assertEquals(1, stats.getInt("slow_consumers"), stats.toString());
            assertEquals(SUBSCRIBERS, stats.getJsonObject("connections").getInt("active"), stats.toString());
        } finally {
            readers.forEach(r -> r.socket.abort());
        }
    }

    /** A light reader: checks that events arrive in id order, exactly once, without parsing the whole frame. */
    static final class Subscriber implements WebSocket.Listener {
        final CountDownLatch welcomed = new CountDownLatch(1);
        final CountDownLatch done;
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        volatile int events;
        volatile int closeCode;
        volatile String problem;
        long lastSequence = -1;

        Subscriber(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"type\":\"welcome\"")) {
                    welcomed.countDown();
                } else if (frame.startsWith("{\"type\":\"tick\"")) {
                    int at = frame.indexOf("\"id\":\"") + 6;
                    String id = frame.substring(at, frame.indexOf('"', at));
                    long sequence = Long.parseLong(id.substring(id.indexOf('-') + 1));
                    if (lastSequence >= 0 && sequence != lastSequence + 1 && problem == null) {
                        problem = "event " + id + " after sequence " + lastSequence;
                    }
                    lastSequence = sequence;
                    if (++events == EVENTS) {
                        done.countDown();
                    }
                } else if (problem == null) {
                    problem = "unexpected frame " + frame;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode = -1;
            problem = problem == null ? error.toString() : problem;
        }
    }
}
