package io.herald.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Herald node of a test cluster, started as its own process with a given WAR, as an operator starts it, on the
 * server this IT run is for ({@code arquillian.launch}): a stock Payara Micro ({@code payara.microJar}) on a free
 * port, or a stock WildFly ({@code jboss.home}) configured with {@code server-config/wildfly/apply.sh}, at a port
 * offset of its own. Ports are kept across restarts, so clients reconnect to the same URL, and so is the server's
 * default datasource (an H2 file on both: Payara Micro's in its root directory, WildFly's {@code ExampleDS} moved from
 * memory to a file of the node's, as an operator keeping data would), so a transactional outbox's rows outlive a
 * restart. Stopped by its PID (and its descendants'): SIGTERM, then SIGKILL after a bound; or killed at once
 * ({@link #kill}), as a crash.
 */
public final class HeraldNode implements AutoCloseable {

    static final boolean WILDFLY = "wildfly".equals(System.getProperty("arquillian.launch"));

    private static final Duration BOOT = Duration.ofMinutes(6); // two boots at once on a busy 2-core machine
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path war;
    private final Path dir;
    private final int port;
    private final int managementPort;
    private final int offset;
    private final List<String> payaraCluster;
    private Process process;
    private boolean configured;

    /**
     * @param wildflyOffset the port offset of the node on WildFly (HTTP 8080 + it, management 9990 + it), unused on
     *                      Payara; different per node, and apart from the other WildFly ITs' (200 to 500)
     */
    public HeraldNode(Path war, Path dir, int wildflyOffset) throws IOException {
        this(war, dir, wildflyOffset, List.of("--nocluster"));
    }

    /**
     * A Payara Micro node with its own clustering options in place of {@code --nocluster} (e.g. {@code --clustermode
     * tcpip:...}: the embedded Hazelcast of {@code herald.cluster=hazelcast}).
     */
    public HeraldNode(Path war, Path dir, int wildflyOffset, List<String> payaraCluster) throws IOException {
        this.payaraCluster = List.copyOf(payaraCluster);
        this.war = war.toAbsolutePath();
        this.dir = dir.toAbsolutePath();
        this.offset = wildflyOffset;
        if (WILDFLY) {
            this.port = 8080 + offset;
            this.managementPort = 9990 + offset;
        } else {
            this.port = freePort();
            this.managementPort = port;
        }
    }

    /** Starts the process; {@link #awaitUp} waits for the WAR to answer. */
    public HeraldNode start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /**
     * Starts the process with these environment variables added (MicroProfile Config reads them, below the test's
     * configuration jar: only keys it does not set take effect).
     */
    public synchronized HeraldNode start(Map<String, String> environment) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ProcessBuilder pb = WILDFLY ? wildfly() : payara();
        pb.environment().putAll(environment);
        process = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile())).start();
        return this;
    }

    /**
     * A fresh {@code --rootdir} each start but for its {@code lib/databases} (the default datasource's H2 file): Payara
     * Micro keeps a deployed application in it and would deploy it once from there and once more from {@code --deploy}
     * after a restart.
     */
    private ProcessBuilder payara() throws IOException {
        Path root = dir.resolve("root");
        Path databases = root.resolve("lib/databases");
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.filter(p -> !p.startsWith(databases) && !databases.startsWith(p))
                        .sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path micro = Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar")).toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-Djava.io.tmpdir=" + dir, "-jar", micro.toString()));
        command.addAll(payaraCluster);
        command.addAll(List.of("--disablephonehome", "--port", Integer.toString(port),
                "--rootdir", root.toString(), "--deploy", war.toString()));
        return new ProcessBuilder(command);
    }

    /** The stock dist's {@code standalone/} copied once, server-config/wildfly applied once, the WAR deployed. */
    private ProcessBuilder wildfly() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("jboss.home")).toAbsolutePath();
        Path base = dir.resolve("standalone");
        TestCertificate certificate = null;
        if (!configured) {
            copyTree(home.resolve("standalone"), base);
            Path serverConfig = Path.of(System.getProperty("herald.serverConfig", "server-config")).toAbsolutePath();
            ProcessBuilder apply = new ProcessBuilder("sh", serverConfig.resolve("wildfly/apply.sh").toString(), "standalone.xml")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("apply.log").toFile());
            apply.environment().put("JBOSS_HOME", home.toString());
            apply.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
            Process p = apply.start();
            if (!p.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("apply.sh failed; see " + dir.resolve("apply.log"));
            }
            Path standalone = base.resolve("configuration/standalone.xml");
            String xml = Files.readString(standalone);
            String inMemory = "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1;";
            if (!xml.contains(inMemory)) {
                throw new IllegalStateException("no in-memory ExampleDS URL in " + standalone);
            }
            Files.writeString(standalone, xml.replace(inMemory, "jdbc:h2:file:${jboss.server.data.dir}/herald-default;"));
            Files.copy(Tokens.devKeys().resolve("dev-public.pem"), base.resolve("configuration/herald-jwt-public.pem"));
            certificate = TestCertificate.generate(dir.resolve("tls"));
            Files.copy(certificate.keystore(), base.resolve("configuration/herald-tls.p12"));
            Files.writeString(dir.resolve("tls-password"), certificate.password());
            Files.copy(war, base.resolve("deployments/herald.war"));
            configured = true;
        }
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/standalone.sh").toString(), "-c", "standalone.xml",
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("HERALD_TLS_KEYSTORE_PASSWORD", Files.readString(dir.resolve("tls-password")));
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return pb;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    public HeraldNode awaitUp() throws InterruptedException {
        Instant deadline = Instant.now().plus(BOOT);
        while (status(base().toExternalForm()) != 200) {
            if (!process.isAlive() || Instant.now().isAfter(deadline) || deploymentFailed()) {
                throw new IllegalStateException("herald did not come up on port " + port + "; see " + dir.resolve("console.log"));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return this;
    }

    /** @return the node's console so far (empty when unreadable): what a deployment that failed said */
    public String console() {
        try {
            return Files.readString(dir.resolve("console.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** @return a free TCP port on the loopback (for a node's own listeners, e.g. Hazelcast's) */
    public static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private boolean deploymentFailed() {
        if (WILDFLY) {
            return Files.exists(dir.resolve("standalone/deployments/herald.war.failed"));
        }
        return console().contains("Exception while loading the app");
    }

    /** @return the HTTP status of the node's MicroProfile Health readiness (200 ready, 503 not), -1 when unreachable */
    public int readiness() {
        return status("http://127.0.0.1:" + managementPort + "/health/ready");
    }

    /** Waits for readiness to become {@code status} (200 or 503), at most {@code limit}. @return true when it did */
    public boolean awaitReadiness(int status, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (readiness() != status) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return true;
    }

    public URL base() {
        try {
            return URI.create("http://127.0.0.1:" + port + "/herald/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the node as an operator does: SIGTERM to its process and its descendants, SIGKILL after a bound. */
    public synchronized void stop() {
        end(false);
    }

    /**
     * Kills the node as {@code kill -9} does: SIGKILL to its process and its descendants by PID (on WildFly the JVM is
     * a child of {@code standalone.sh}), no shutdown hook, no undeploy; waits until they are gone.
     */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops each of a test's processes (nodes, Redis), null ones skipped, the rest stopped whatever one throws. */
    public static void stopAll(AutoCloseable... processes) {
        for (AutoCloseable c : processes) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // stopping the rest anyway
            }
        }
    }

    private static int status(String url) {
        try {
            // bounded by get, not only by the request's timeout: after a node was killed and started again on its
            // port, a send of the JDK's client once waited past that timeout for minutes
            CompletableFuture<HttpResponse<Void>> answer = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            try {
                return answer.get(15, TimeUnit.SECONDS).statusCode();
            } catch (ExecutionException | TimeoutException e) {
                answer.cancel(true);
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
