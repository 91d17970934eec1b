package io.herald.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server process this IT runs against, found honestly: among this JVM's own descendants (Arquillian started the
 * server from here), the one Payara Micro started with this run's {@code payara.microJar}, or the WildFly started with
 * this run's {@code herald.wildflyBase}; never a server of another build on the machine. Its heap is read with the
 * JDK's {@code jcmd} (same user, same JDK).
 */
public final class ServerProcess {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HISTOGRAM = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private final long pid;

    private ServerProcess(long pid) {
        this.pid = pid;
    }

    /** @throws IllegalStateException when not exactly one such process is found (the message lists what was seen) */
    public static ServerProcess find() {
        String marker = "wildfly".equals(System.getProperty("arquillian.launch"))
                ? "-Djboss.server.base.dir=" + Path.of(System.getProperty("herald.wildflyBase", "target/wildfly-it")).toAbsolutePath()
                : Path.of(System.getProperty("payara.microJar", "payara-micro.jar")).getFileName().toString();
        List<ProcessHandle> found = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one server process with " + marker + " among this JVM's descendants, found "
                    + found.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        }
        return new ServerProcess(found.get(0).pid());
    }

    public long pid() {
        return pid;
    }

    /** @return the server's heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in KB */
    public long heapUsedAfterGcKb() throws IOException, InterruptedException {
        jcmd("GC.run");
        long used = 0;
        for (String line : jcmd("GC.heap_info").split("\n")) {
            Matcher m = USED.matcher(line);
            if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                used += Long.parseLong(m.group(1));
            }
        }
        if (used == 0) {
            throw new IllegalStateException("no heap figure in jcmd's GC.heap_info of " + pid);
        }
        return used;
    }

    /** @return bytes of live objects by class ({@code jcmd GC.class_histogram}, which collects first) */
    public Map<String, Long> histogram() throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            Matcher m = HISTOGRAM.matcher(line);
            if (m.find()) {
                bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return bytes;
    }

    /** @return the {@code n} classes whose live bytes grew most from {@code before} to {@code after}, with the growth */
    public static String growth(Map<String, Long> before, Map<String, Long> after, int n) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " +" + e.getValue() / 1024 + " KB").toList().toString();
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
