package io.herald.webhook;

import com.sun.net.httpserver.HttpServer;
import io.herald.metrics.TenantStats;
import io.herald.metrics.WebhookDrop;
import io.herald.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook queue against a real HTTP receiver that never answers: it takes only its share of the senders and of the
 * queue (another receiver's webhooks go out meanwhile), the bound is a counted drop, and stopping the application
 * abandons what is left within the stop timeout instead of waiting for the receiver.
 */
class DeliveriesTest {

    static final Duration STOP_TIMEOUT = Duration.ofMillis(500);

    private final CountDownLatch never = new CountDownLatch(1);
    private final Semaphore requests = new Semaphore(0);
    private HttpServer receiver;

    @AfterEach
    void stopReceiver() {
        never.countDown();
        receiver.stop(0);
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/hook", x -> {
            requests.release();
            try {
                never.await(60, TimeUnit.SECONDS); // a receiver that hangs
                x.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                x.close();
            }
        });
        receiver.createContext("/healthy", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
        }));
        receiver.start();
    }

    @Test
    void aReceiverThatHangsTakesHalfTheSendersAndItsShareOfTheQueueNotTheOthers() throws Exception {
        TenantStats hanging = new TenantStats();
        TenantStats healthy = new TenantStats();
        Deliveries deliveries = deliveries(Map.of("h", hanging, "g", healthy), 10, 2, 3);
        Target slow = target("/hook");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 4; i++) { // one in flight, two waiting behind it, the fourth past its share
            deliveries.offer(slow, "h", Hook.SESSION_OPENED, "h" + i, body);
        }
        assertTrue(requests.tryAcquire(10, TimeUnit.SECONDS), "the first is in flight, held by the receiver");
        assertEquals(1, hanging.webhooksDropped(WebhookDrop.QUEUE_FULL), "past herald.webhooks.receiver-queue-size");

        Target fast = target("/healthy");
        for (int i = 0; i < 3; i++) {
            deliveries.offer(fast, "g", Hook.SESSION_OPENED, "g" + i, body);
        }
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); healthy.webhooksDelivered() < 3
                && System.nanoTime() < deadline; ) {
            Thread.sleep(20);
        }
        assertEquals(3, healthy.webhooksDelivered(), "another receiver's webhooks go out meanwhile, on the other sender");
        assertEquals(0, healthy.webhooksDropped(WebhookDrop.QUEUE_FULL));
        assertEquals(0, requests.availablePermits(), "the hanging receiver still has one attempt, not two");
        deliveries.stop();
        assertEquals(3, hanging.webhooksDropped(WebhookDrop.STOPPED), "the one in flight and the two behind it");
    }

    @Test
    void aFullQueueIsADropAndAStopAbandonsWhatIsLeftWithinItsTimeout() throws Exception {
        TenantStats stats = new TenantStats();
        Deliveries deliveries = deliveries(Map.of("t", stats), 2, 1, 2);
        Target target = target("/hook");
        byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);

        deliveries.offer(target, "t", Hook.MEMBER_JOINED, "1", body);
        assertTrue(requests.tryAcquire(10, TimeUnit.SECONDS), "the first is in flight, held by the receiver");
        deliveries.offer(target, "t", Hook.MEMBER_JOINED, "2", body); // waits for the one sender
        deliveries.offer(target, "t", Hook.MEMBER_JOINED, "3", body); // a third place there is not
        assertEquals(1, stats.webhooksDropped(WebhookDrop.QUEUE_FULL));
        assertEquals(0, stats.webhooksDropped(WebhookDrop.STOPPED));

        long start = System.nanoTime();
        deliveries.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(STOP_TIMEOUT.plusSeconds(2)) < 0, "the stop waited " + took + ", not the receiver");
        assertEquals(2, stats.webhooksDropped(WebhookDrop.STOPPED), "the one in flight and the one queued");
        deliveries.offer(target, "t", Hook.MEMBER_LEFT, "4", body);
        assertEquals(3, stats.webhooksDropped(WebhookDrop.STOPPED), "after the stop: dropped at once");
        assertEquals(0, stats.webhooksDelivered());
        assertEquals(0, requests.availablePermits(), "no other request reached the receiver");
    }

    private Target target(String path) {
        return new Target(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path), "secret",
                EnumSet.allOf(Hook.class), "test URL " + path);
    }

    private static Deliveries deliveries(Map<String, TenantStats> stats, int queueSize, int senders, int perReceiver) {
        WebhookSettings settings = new WebhookSettings();
        settings.url = Optional.empty();
        settings.secret = Optional.empty();
        settings.queueSize = queueSize;
        settings.senders = senders;
        settings.receiverQueueSize = Optional.of(perReceiver);
        settings.connectTimeout = Duration.ofSeconds(5);
        settings.requestTimeout = Duration.ofSeconds(30);
        settings.maxAttempts = 3;
        settings.backoff = Duration.ofMillis(100);
        settings.maxBackoff = Duration.ofSeconds(1);
        settings.stopTimeout = STOP_TIMEOUT;
        settings.logInterval = Duration.ofSeconds(10);
        Deliveries d = new Deliveries() {
            @Override
            TenantStats stats(String tenant) {
                return stats.get(tenant);
            }
        };
        d.settings = settings;
        d.threads = TestThreads.daemons("webhook-test");
        d.start();
        return d;
    }
}
