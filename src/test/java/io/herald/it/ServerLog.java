package io.herald.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the server logs at SEVERE (Payara) or ERROR/FATAL (WildFly) while a test runs. Payara Micro's output reaches
 * this JVM through Arquillian's console reader, which prints each line with {@code System.out.println}: it is read
 * through a tee on {@code System.out}. WildFly writes {@code <herald.wildflyBase>/log/server.log}: it is read from
 * where it ended when watching began. Only the first line of an entry is kept (it holds the level).
 */
public final class ServerLog implements AutoCloseable {

    private static final Pattern PAYARA_SEVERE = Pattern.compile("\\] \\[(SEVERE|ERROR)\\] \\[");
    private static final Pattern WILDFLY_ERROR = Pattern.compile("^\\S+ \\S+ (ERROR|FATAL) ");

    private final Pattern payaraKeep;
    private final Pattern wildflyKeep;
    private final PrintStream original;
    private final List<String> payaraLines = new ArrayList<>();
    /** Every line Payara printed since watching began (first 4096 characters of each), for {@link #linesContaining}. */
    private final StringBuilder payaraAll = new StringBuilder();
    private final Path wildflyLog;
    private final long wildflyStart;

    private ServerLog(Pattern payaraKeep, Pattern wildflyKeep) throws IOException {
        this.payaraKeep = payaraKeep;
        this.wildflyKeep = wildflyKeep;
        if ("wildfly".equals(System.getProperty("arquillian.launch"))) {
            original = null;
            wildflyLog = Path.of(System.getProperty("herald.wildflyBase", "target/wildfly-it"), "log", "server.log");
            if (!Files.isRegularFile(wildflyLog)) {
                throw new IllegalStateException("no WildFly log at " + wildflyLog.toAbsolutePath());
            }
            wildflyStart = Files.size(wildflyLog);
        } else {
            wildflyLog = null;
            wildflyStart = 0;
            original = System.out;
            System.setOut(new PrintStream(new Tee(original), true, StandardCharsets.UTF_8));
        }
    }

    /** Starts watching; close it to stop (on Payara the tee is removed). */
    public static ServerLog watch() throws IOException {
        return new ServerLog(PAYARA_SEVERE, WILDFLY_ERROR);
    }

    /** Starts watching for the lines (first lines of entries) in which {@code pattern} is found: {@link #lines()}. */
    public static ServerLog watchFor(Pattern pattern) throws IOException {
        return new ServerLog(pattern, pattern);
    }

    /** @return the SEVERE/ERROR lines logged since watching began, in order (for {@link #watch()}) */
    public List<String> severe() throws IOException {
        return lines();
    }

    /** @return the lines kept (see the factory) since watching began, in order */
    public List<String> lines() throws IOException {
        if (wildflyLog == null) {
            synchronized (payaraLines) {
                return List.copyOf(payaraLines);
            }
        }
        List<String> found = new ArrayList<>();
        for (String line : wildflyTail().split("\n")) {
            if (wildflyKeep.matcher(line).find()) {
                found.add(line);
            }
        }
        return found;
    }

    /** @return the lines logged since watching began that contain this text (a secret that must never be logged) */
    public List<String> linesContaining(String text) throws IOException {
        String all;
        if (wildflyLog == null) {
            synchronized (payaraLines) {
                all = payaraAll.toString();
            }
        } else {
            all = wildflyTail();
        }
        return all.lines().filter(line -> line.contains(text)).toList();
    }

    /** @return what WildFly logged since watching began (at most 64 MB) */
    private String wildflyTail() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(wildflyLog.toFile(), "r")) {
            f.seek(Math.min(wildflyStart, f.length()));
            byte[] rest = new byte[(int) Math.min(f.length() - f.getFilePointer(), 64L << 20)];
            f.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8);
        }
    }

    /**
     * Fails naming the lines when anything was logged at SEVERE/ERROR since watching began, then stops watching.
     *
     * @param during what the test did meanwhile, for the failure message
     */
    public void assertNothingSevereAndClose(String during) throws IOException, InterruptedException {
        try {
            Thread.sleep(500); // not a wait for a result: lets the console reader print what the server logged last
            List<String> severe = severe();
            if (!severe.isEmpty()) {
                throw new AssertionError("logged at SEVERE/ERROR while " + during + ": " + severe);
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (original != null) {
            System.setOut(original);
        }
    }

    /** Passes everything on; keeps the lines at SEVERE (at most 100) and every line (at most 16 M characters). */
    private final class Tee extends OutputStream {
        private final PrintStream out;
        private final StringBuilder line = new StringBuilder();

        Tee(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            if (b == '\n') {
                synchronized (payaraLines) {
                    if (payaraKeep.matcher(line).find() && payaraLines.size() < 100) {
                        payaraLines.add(line.toString());
                    }
                    if (payaraAll.length() < (16 << 20)) {
                        payaraAll.append(line).append('\n');
                    }
                }
                line.setLength(0);
            } else if (line.length() < 4096) {
                line.append((char) b);
            }
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
