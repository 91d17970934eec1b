package io.herald.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one browser check of {@code src/test/js} (a node script driving Debian's Chromium through playwright-core,
 * see {@code browser.mjs}) and asserts it printed {@code "ok":true}. {@code .ci/run} installs Chromium and the
 * scripts' one npm dependency.
 */
final class BrowserCheck {

    static final Path SCRIPT_DIR = Path.of("src/test/js").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 120;

    private BrowserCheck() {
    }

    /** @return what the script printed (one JSON line, after anything the browser logged) */
    static String run(String script, String... args) throws Exception {
        assertTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core")),
                "run 'npm ci' in src/test/js (.ci/run does) and install Debian's chromium");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process node = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).start();
        boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }
        assertTrue(finished, "the browser check did not finish: " + output);
        assertEquals(0, node.exitValue(), output);
        assertTrue(output.contains("\"ok\":true"), output);
        return output;
    }
}
