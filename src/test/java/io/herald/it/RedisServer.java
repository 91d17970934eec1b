package io.herald.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian {@code redis-server} of the test's own, on a free loopback port, with an append-only file in its own
 * directory (so that a stop and start keeps what was appended, as a production Redis does) and no RDB snapshots.
 * Stopped by its PID; a JVM shutdown hook stops it too, so it never outlives the test run.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(15);
    private static final Duration STOP = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RedisServer redis = new RedisServer(dir, port);
        redis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        return redis;
    }

    /** Starts it again on the same port and directory (after {@link #stop}): it loads its append-only file. */
    public synchronized void start() throws IOException, InterruptedException {
        String server = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
        process = new ProcessBuilder(List.of(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toAbsolutePath().toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
        Instant deadline = Instant.now().plus(START);
        while (!answersPing()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port + "; see " + dir);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** SIGTERM by PID (Redis writes its append-only file and exits), SIGKILL after {@link #STOP}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle h = process.toHandle();
        h.destroy();
        try {
            h.onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
        process = null;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] answer = in.readNBytes(5);
            return "+PONG".equals(new String(answer, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
