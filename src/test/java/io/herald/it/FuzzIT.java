package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance 5 of issue 23: several connections send thousands of generated malformed frames ({@link Shots}: wrong
 * JSON types in every field of every action, garbage text, empty frames, deep nesting, huge strings and numbers within
 * and over the frame limit, unknown actions, invalid UTF-8, binary frames, broken fragmentation). Every complete text
 * message within the limit must get exactly one answer ({@code reply}, {@code pong} or {@code error} with a documented
 * code, never {@code internal}), checked at each sync ping; a frame that ends the connection must end it with the
 * documented close code of its kind, never 1011; nothing is logged at SEVERE/ERROR; the server's heap after a full GC
 * does not grow past {@link #HEAP_GROWTH_KB} from where a warm-up round left it; and a bystander of the same tenant receives every event published
 * during and after the fuzz, in order. The rate limit is set out of reach so that the fuzz exercises parsing; the
 * heartbeat timeout is short (8 s) so that a session that cannot read its client's framing is closed (4408) in time.
 * <p>
 * Seeded: the seed is printed; {@code -Dfuzz.seed=<n>} replays a run (each connection draws from {@code seed + i}).
 */
@ExtendWith(ArquillianExtension.class)
class FuzzIT {

    static final int CONNECTIONS = 4;
    static final int FRAMES = 5_000;
    static final int WARM_UP = 400;
    static final Duration BUDGET = Duration.ofMinutes(5);
    static final int SYNC_EVERY = 50;
    static final long HEAP_GROWTH_KB = 16 * 1024;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.limits.actions-per-minute", "60000000", "herald.limits.action-burst", "1000000",
                "herald.heartbeat.interval", "PT2S", "herald.heartbeat.timeout", "PT8S"));
    }

    @Test
    void malformedFramesGetErrorsOrDocumentedClosesNever1011NoSevereBoundedHeapAndABystanderStillReceives() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        String tenant = "fuzz-" + UUID.randomUUID();
        ServerProcess server = ServerProcess.find();
        long heapCold = server.heapUsedAfterGcKb();
        long heapWarm;
        Map<String, Long> warmClasses;
        ServerLog log = ServerLog.watch();
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean fuzzing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS + 1);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try (WsClient bystander = WsClient.connect(base, Tokens.user(tenant, "bystander"))) {
            Future<?> publisher = pool.submit(() -> {
                for (int i = 0; fuzzing.get() && i < 3_000; i++) {
                    published.add(Api.publish(base, tenant, "{\"type\":\"fuzz.tick\",\"data\":{\"n\":" + i + "}}").getString("id"));
                    Thread.sleep(100);
                }
                return null;
            });
            // a warm-up round first, so the heap is compared from where the server's own caches and pools have settled
            assertEquals(List.of(), round(tenant, seed + 1_000, WARM_UP / CONNECTIONS, deadline, pool), "warm-up, seed " + seed);
            heapWarm = server.heapUsedAfterGcKb();
            warmClasses = server.histogram();
            assertEquals(List.of(), round(tenant, seed, FRAMES / CONNECTIONS, deadline, pool), "seed " + seed);
            fuzzing.set(false);
            publisher.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                published.add(Api.publish(base, tenant, "{\"type\":\"fuzz.after\",\"data\":{\"n\":" + i + "}}").getString("id"));
            }
            for (String id : List.copyOf(published)) {
                assertEquals(id, bystander.nextEvent().getString("id"), "the bystander receives every event in order (seed " + seed + ")");
            }
            assertTrue(!bystander.isClosed(), "the bystander is still open");
            assertEquals(1, activeConnections(tenant), "every fuzz connection is forgotten once closed; the bystander is left");
            System.out.println("FuzzIT: the bystander received all " + published.size() + " events published during and after the fuzz, in order");
        } finally {
            fuzzing.set(false);
            pool.shutdownNow();
            log.assertNothingSevereAndClose("fuzzing (seed " + seed + ")");
        }
        long heapAfter = server.heapUsedAfterGcKb();
        System.out.println("FuzzIT server classes that grew most after the warm-up: " + ServerProcess.growth(warmClasses, server.histogram(), 12));
        System.out.println("FuzzIT server " + server.pid() + " heap after a full GC: " + heapCold + " KB at the start, " + heapWarm
                + " KB after the warm-up, " + heapAfter + " KB after the fuzz");
        assertTrue(heapAfter - heapWarm < HEAP_GROWTH_KB,
                "server heap grew from " + heapWarm + " KB to " + heapAfter + " KB (seed " + seed + ")");
    }

    /** @return the tenant's open connections as the stats count them, once the closes have been handled (at most 15 s) */
    private int activeConnections(String tenant) throws InterruptedException {
        String publisher = Tokens.publisher(tenant);
        int active = -1;
        for (long end = System.nanoTime() + WsClient.WAIT.toNanos(); System.nanoTime() < end; Thread.sleep(200)) {
            active = Api.get(base, "api/v1/stats", publisher).body().getJsonObject("tenants").getJsonObject(tenant)
                    .getJsonObject("connections").getInt("active");
            if (active == 1) {
                break;
            }
        }
        return active;
    }

    /** @return the broken promises of one round: {@link #CONNECTIONS} fuzzers at once, each from its own seed */
    private List<String> round(String tenant, long seed, int framesPerConnection, long deadline, ExecutorService pool) throws Exception {
        List<Future<Fuzzer.Report>> fuzzers = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Fuzzer f = new Fuzzer(base, tenant, "fuzzer-" + i, seed + i, framesPerConnection, deadline);
            fuzzers.add(pool.submit(f::run));
        }
        List<Fuzzer.Report> reports = new ArrayList<>();
        for (Future<Fuzzer.Report> f : fuzzers) {
            reports.add(f.get(BUDGET.toSeconds() + 120, TimeUnit.SECONDS));
        }
        int sent = reports.stream().mapToInt(Fuzzer.Report::sent).sum();
        SortedMap<String, SortedMap<Integer, Integer>> closes = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Fuzzer.Report r : reports) {
            r.closes().forEach((kind, codes) -> codes.forEach((code, n) ->
                    closes.computeIfAbsent(kind, k -> new TreeMap<>()).merge(code, n, Integer::sum)));
            problems.addAll(r.problems());
        }
        System.out.println("FuzzIT seed " + seed + ": " + sent + " frames on " + CONNECTIONS + " connections, closes by kind " + closes);
        if (sent < framesPerConnection * CONNECTIONS / 5) {
            problems.add("only " + sent + " frames within " + BUDGET);
        }
        return problems;
    }

    /** One connection's fuzz: sends shots, reads every server frame on a thread of its own, reconnects after a close. */
    static final class Fuzzer {

        record Report(int sent, Map<String, Map<Integer, Integer>> closes, List<String> problems) {
        }

        private static final Set<String> ERROR_CODES = Set.of("bad_json", "bad_frame", "forbidden", "not_found", "rate_limited",
                "unauthorized"); // an auth frame whose token does not verify

        private final URL base;
        private final String user;
        private final String token;
        private String session;
        private final Shots shots;
        private final int frames;
        private final long deadline;
        private final Map<String, Map<Integer, Integer>> closes = new ConcurrentHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final List<String> recent = new ArrayList<>();
        private RawWebSocket socket;
        private BlockingQueue<RawWebSocket.Frame> received;
        private int syncs;

        Fuzzer(URL base, String tenant, String user, long seed, int frames, long deadline) {
            this.base = base;
            this.user = user;
            this.token = Tokens.user(tenant, user);
            this.shots = new Shots(seed);
            this.frames = frames;
            this.deadline = deadline;
        }

        Report run() throws Exception {
            int sent = 0;
            int unanswered = 0;
            connect();
            try {
                for (; sent < frames && System.nanoTime() < deadline && problems.size() < 20; sent++) {
                    Shots.Shot shot = shots.next();
                    remember(shot.kind());
                    if (shot.closes().isEmpty()) {
                        send(shot);
                        unanswered++;
                        if (unanswered >= SYNC_EVERY) {
                            sync(unanswered);
                            unanswered = 0;
                        }
                    } else {
                        sync(unanswered);
                        unanswered = 0;
                        send(shot);
                        expectClose(shot);
                        connect();
                    }
                }
                sync(unanswered);
            } finally {
                socket.close();
            }
            return new Report(sent, closes, problems);
        }

        private void connect() throws IOException, InterruptedException {
            if (socket != null) {
                socket.close();
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    socket = RawWebSocket.connect(base, token, 0);
                    break;
                } catch (IOException e) {
                    problem("reconnecting after " + recent + ", attempt " + attempt + ": " + e.getMessage());
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            BlockingQueue<RawWebSocket.Frame> queue = new LinkedBlockingQueue<>();
            RawWebSocket reading = socket;
            Thread reader = new Thread(() -> {
                try {
                    for (int i = 0; i < 10_000_000; i++) {
                        RawWebSocket.Frame f = reading.readFrame();
                        queue.add(f);
                        if (f.opcode() == 0x8) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    queue.add(new RawWebSocket.Frame(-1, e.toString().getBytes(StandardCharsets.UTF_8)));
                }
            }, "fuzz-reader");
            reader.setDaemon(true);
            reader.start();
            received = queue;
            RawWebSocket.Frame welcome = poll();
            JsonObject w = welcome == null || welcome.opcode() != 0x1 ? null : json(welcome.text());
            if (w == null || !"welcome".equals(w.getString("type", null))) {
                problem("no welcome after connecting: " + describe(welcome));
            } else {
                session = w.getString("session");
            }
        }

        private void send(Shots.Shot shot) {
            try {
                for (Shots.RawFrame f : shot.frames()) {
                    socket.sendFrame(f.firstByte(), f.payload(), f.unmasked());
                }
            } catch (IOException e) {
                // the server may close while a frame is still being written (over the limit): the close is read below
            }
        }

        /** Sends a ping with a ref and reads until its pong: every frame sent before it must have been answered. */
        private void sync(int expected) throws IOException, InterruptedException {
            String ref = "sync-" + (++syncs);
            socket.sendFrame(0x1, ("{\"action\":\"ping\",\"ref\":\"" + ref + "\"}").getBytes(StandardCharsets.UTF_8));
            int answers = 0;
            while (true) {
                RawWebSocket.Frame f = poll();
                if (f == null || f.opcode() == 0x8 || f.opcode() == -1) {
                    problem("stuck or closed while " + expected + " frames waited for answers (" + describe(f) + ") after " + recent);
                    connect();
                    return;
                }
                if (f.opcode() != 0x1) {
                    continue; // a heartbeat ping, or the pong to a ping sent between fragments
                }
                JsonObject o = json(f.text());
                if (o == null) {
                    continue;
                }
                if (ref.equals(o.getString("ref", null)) && "pong".equals(o.getString("type", null))) {
                    if (answers != expected) {
                        problem(answers + " answers to " + expected + " frames, after " + recent);
                    }
                    return;
                }
                answers += o.containsKey("id") ? 0 : switch (o.getString("type", "")) {
                    case "reply", "pong" -> 1;
                    case "error" -> {
                        if (!ERROR_CODES.contains(o.getString("code", ""))) {
                            problem("error code " + o.getString("code", null) + ": " + abbreviate(o.toString()) + " after " + recent);
                        }
                        yield 1;
                    }
                    default -> 0;
                };
            }
        }

        private void expectClose(Shots.Shot shot) throws InterruptedException {
            while (true) {
                RawWebSocket.Frame f = poll();
                if (f == null || f.opcode() == -1) {
                    problem(shot.kind() + ": no close frame (" + describe(f) + ")");
                    return;
                }
                if (f.opcode() == 0x8) {
                    int code = f.closeCode();
                    closes.computeIfAbsent(shot.kind(), k -> new ConcurrentHashMap<>()).merge(code, 1, Integer::sum);
                    if (!shot.closes().contains(code)) {
                        problem(shot.kind() + " closed with " + code + " " + abbreviate(f.closeReason())
                                + ", expected one of " + shot.closes());
                    }
                    return;
                }
                if (f.opcode() == 0x1) {
                    JsonObject o = json(f.text());
                    if (o != null && "error".equals(o.getString("type", null)) && !ERROR_CODES.contains(o.getString("code", ""))) {
                        problem(shot.kind() + ": error code " + o.getString("code", null) + " before the close");
                    }
                }
            }
        }

        private RawWebSocket.Frame poll() throws InterruptedException {
            return received.poll(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private JsonObject json(String text) {
            try (JsonReader r = Json.createReader(new StringReader(text))) {
                return r.readObject();
            } catch (RuntimeException e) {
                problem("the server sent a text frame that is not a JSON object: " + abbreviate(text));
                return null;
            }
        }

        /** Records a broken promise, naming the session, and prints it at once (the run may go on for minutes). */
        private void problem(String what) {
            String line = user + " session " + session + ": " + what;
            System.out.println("FuzzIT problem: " + line);
            problems.add(line);
        }

        private void remember(String kind) {
            if (recent.size() == 5) {
                recent.remove(0);
            }
            recent.add(kind);
        }

        private static String describe(RawWebSocket.Frame f) {
            return f == null ? "nothing within " + WsClient.WAIT : f.opcode() == -1 ? f.text()
                    : f.opcode() == 0x8 ? "close " + f.closeCode() + " " + f.closeReason() : "opcode " + f.opcode() + " " + abbreviate(f.text());
        }

        private static String abbreviate(String s) {
            return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
        }
    }
}
