package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session that ends while an event is being written to it must not write into the connection that comes after it.
 * On Payara the servlet container recycles an upgraded connection's response for the next request once the WebSocket
 * layer closes it, and a frame written after that lands in the next request's answer: FuzzIT saw a reconnect answered
 * {@code HTTP/1.1 200 OK} followed by an event frame of the session before it. Here connections of two tenants open
 * and end at once (a binary frame, which the server closes with 1003) over and over, while one tenant's events stream
 * as fast as they can be published: every upgrade must be answered 101 and the quiet tenant's connections must never
 * read an event.
 */
@ExtendWith(ArquillianExtension.class)
class CloseRaceIT {

    static final Duration RUN = Duration.ofSeconds(30);
    static final int CYCLERS_PER_TENANT = 5;
    static final int PUBLISHERS = 3;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.limits.upgrades-per-second", "0"));
    }

    @Test
    void aSessionEndingUnderAnEventNeverWritesIntoTheNextConnection() throws Exception {
        String busy = "race-busy-" + UUID.randomUUID();
        String quiet = "race-quiet-" + UUID.randomUUID();
        String pad = "x".repeat(400);
        long deadline = System.nanoTime() + RUN.toNanos();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + 2 * CYCLERS_PER_TENANT);
        try {
            List<Future<Integer>> cyclers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                pool.submit(() -> {
                    for (int i = 0; running.get() && i < 1_000_000 && System.nanoTime() < deadline; i++) {
                        Api.publish(base, busy, "{\"type\":\"race.tick\",\"data\":{\"pad\":\"" + pad + "\"}}");
                        published.incrementAndGet();
                    }
                    return null;
                });
            }
            for (int c = 0; c < CYCLERS_PER_TENANT; c++) {
                cyclers.add(pool.submit(() -> cycle(busy, deadline, problems, false)));
                cyclers.add(pool.submit(() -> cycle(quiet, deadline, problems, true)));
            }
            int cycles = 0;
            for (Future<Integer> f : cyclers) {
                cycles += f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
            }
            running.set(false);
            System.out.println("CloseRaceIT: " + cycles + " connections opened and ended while " + published.get()
                    + " events were published; problems: " + problems.size());
            assertTrue(cycles > 100, "too few connections to say anything: " + cycles);
            assertTrue(published.get() > 100, "too few events to say anything: " + published.get());
            assertEquals(List.of(), problems.subList(0, Math.min(5, problems.size())), problems.size() + " problems");
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    /**
     * Opens a connection, sends a binary frame right after the upgrade and reads until the server's close; again,
     * until the deadline.
     *
     * @param quiet whether nothing is published to this tenant: an event read here came from another tenant's session
     * @return how many connections it opened
     */
    private int cycle(String tenant, long deadline, List<String> problems, boolean quiet) {
        String token = Tokens.user(tenant, "cycler");
        int cycles = 0;
        for (; cycles < 100_000 && System.nanoTime() < deadline && problems.size() < 20; cycles++) {
            try (RawWebSocket socket = RawWebSocket.connect(base, token, 0)) {
                socket.sendFrame(0x82, new byte[]{1, 2, 3}, false);
                for (int frames = 0; frames < 100_000; frames++) {
                    RawWebSocket.Frame f = socket.readFrame();
                    if (f.opcode() == 0x8) {
                        break;
                    }
                    String text = f.opcode() == 0x1 ? new String(f.payload(), StandardCharsets.UTF_8) : "";
                    if (quiet && text.contains("race.tick")) {
                        problems.add("a connection of " + tenant + " read another tenant's event: " + text.substring(0, 120));
                        break;
                    }
                }
            } catch (IOException e) {
                problems.add(tenant + ", connection " + cycles + ": " + e.getMessage());
            }
        }
        return cycles;
    }
}
