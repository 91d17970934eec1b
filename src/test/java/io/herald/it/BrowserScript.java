package io.herald.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser check: a node script of {@code src/test/js} (playwright-core driving Debian's Chromium) that prints one
 * JSON line and exits non-zero with the reason when the page falls short. {@code .ci/run} installs Chromium and the
 * scripts' one npm dependency.
 */
final class BrowserScript {

    static final Path SCRIPT_DIR = Path.of("src/test/js").toAbsolutePath();

    private BrowserScript() {
    }

    /**
     * Runs the script, failing the test unless it exits 0 within {@code timeoutSeconds} having printed {@code "ok":true}.
     *
     * @return what it printed
     */
    static String run(String script, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        assertTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "run 'npm ci' in src/test/js (.ci/run does) and install Debian's chromium");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process node = pb.start();
        boolean finished = node.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(finished, "the browser check did not finish: " + output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("\"ok\":true"), output);
        return output;
    }
}
