package io.herald.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 27's "one documented command starts a local cluster to try", run as the README says on free ports:
 * {@code server-config/local-cluster/run start} brings up redis-server, two Payara Micro nodes of target/herald.war and
 * nginx round-robin in front; two SSE streams opened through nginx land one on each node (each node's stats count
 * one), both read the events published through nginx with the same ids, in order; {@code run stop} stops every process
 * it started, by the PIDs it recorded. Payara only (the script starts Payara Micro); needs nginx and redis-server,
 * which {@code .ci/run} installs.
 */
class LocalClusterIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path SCRIPT = ROOT.resolve("server-config/local-cluster/run");
    static final Path PIDS = ROOT.resolve("target/local-cluster");
    static final Duration START = Duration.ofMinutes(5);

    @Test
    void theDocumentedCommandStartsTwoNodesBehindARoundRobinBalancerAndStopsWhatItStarted() throws Exception {
        Map<String, String> ports = Map.of("LB_PORT", freePort(), "NODE_A_PORT", freePort(), "NODE_B_PORT", freePort(),
                "REDIS_PORT", freePort());
        assertEquals(0, run("start", ports), "run start (its output: target/local-cluster-start.log)");
        List<Long> pids = new ArrayList<>();
        try {
            for (String p : List.of("redis", "node-a", "node-b", "nginx")) {
                pids.add(Long.parseLong(Files.readString(PIDS.resolve(p + ".pid")).trim()));
            }
            URL lb = new URL("http://127.0.0.1:" + ports.get("LB_PORT") + "/");
            String tenant = "local-" + UUID.randomUUID();
            String token = Tokens.user(tenant, "alice");
            try (SseClient first = SseClient.connect(lb, token); SseClient second = SseClient.connect(lb, token)) {
                for (String node : List.of("NODE_A_PORT", "NODE_B_PORT")) {
                    URL direct = new URL("http://127.0.0.1:" + ports.get(node) + "/");
                    JsonObject stats = Api.get(direct, "api/v1/stats", Tokens.publisher(tenant)).body();
                    assertEquals(1, stats.getJsonObject("tenants").getJsonObject(tenant).getJsonObject("connections").getInt("active"),
                            "round-robin: one of the two streams on the node at " + node + ": " + stats);
                }
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ids.add(Api.publish(lb, tenant, "{\"type\":\"local.tick\",\"data\":{\"n\":" + i + "}}").getString("id"));
                }
                for (SseClient stream : List.of(first, second)) {
                    for (String id : ids) {
                        assertEquals(id, stream.nextEvent().id(), "every event, in order, with the id the publish answered");
                    }
                }
            }
        } finally {
            assertEquals(0, run("stop", ports), "run stop");
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is stopped");
        }
    }

    private static int run(String command, Map<String, String> ports) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(SCRIPT.toString(), command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/local-cluster-" + command + ".log")));
        b.environment().putAll(ports);
        Process p = b.start();
        if (!p.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("run " + command + " did not end within " + START);
        }
        return p.exitValue();
    }

    private static String freePort() throws IOException {
        return String.valueOf(HeraldNode.freePort());
    }
}
