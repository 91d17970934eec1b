package io.herald;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The component rules of ../shared/ARCHITECTURE.md, read from the sources: which Herald packages each component may
 * import, and that only {@code platform} imports a server's own classes. A new import that breaks a rule fails here.
 */
class PackageDependenciesTest {

    static final Path SOURCES = Path.of("src/main/java/io/herald");

    /** Component → the Herald components it may import (itself always). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("protocol", Set.of()),
            Map.entry("log", Set.of()),
            Map.entry("cluster", Set.of("log", "concurrency", "presence")),
            Map.entry("platform", Set.of()),
            Map.entry("subscription", Set.of()),
            Map.entry("metrics", Set.of()),
            Map.entry("auth", Set.of("metrics")),
            Map.entry("limits", Set.of()),
            Map.entry("client", Set.of()),
            Map.entry("faces", Set.of()),
            Map.entry("concurrency", Set.of()),
            Map.entry("rooms", Set.of("auth")),
            Map.entry("call", Set.of("protocol", "concurrency")),
            Map.entry("tenant", Set.of("auth", "subscription", "protocol", "metrics", "concurrency")),
            Map.entry("trace", Set.of("log")),
            Map.entry("delivery", Set.of("tenant", "subscription", "log", "protocol", "platform", "metrics", "concurrency", "trace")),
            Map.entry("publish", Set.of("log", "auth", "protocol", "http", "subscription", "tenant", "limits", "metrics",
                    "trace", "concurrency")),
            Map.entry("socket", Set.of("auth", "tenant", "subscription", "protocol", "delivery", "log", "platform", "http", "limits", "rooms", "call", "metrics",
                    "presence", "emit")),
            Map.entry("presence", Set.of("tenant", "delivery", "protocol", "auth", "http", "rooms", "concurrency")),
            Map.entry("emit", Set.of("tenant", "delivery", "protocol", "subscription", "limits", "metrics")),
            Map.entry("stream", Set.of("socket", "delivery", "tenant", "protocol", "auth", "http", "concurrency")),
            Map.entry("http", Set.of("auth", "protocol")),
            Map.entry("ops", Set.of("auth", "tenant", "delivery", "http", "log")),
            Map.entry("admin", Set.of("auth", "tenant", "delivery", "protocol", "metrics", "concurrency")),
            Map.entry("access", Set.of("auth", "tenant", "delivery", "http", "protocol", "cluster")),
            Map.entry("webhook", Set.of("tenant", "presence", "protocol", "metrics", "concurrency")),
            Map.entry("demo", Set.of("publish", "call", "emit", "concurrency", "log")),
            Map.entry("dev", Set.of("auth", "protocol", "http")));

    static final Pattern HERALD_IMPORT = Pattern.compile("^import (?:static )?io\\.herald\\.([a-z]+)\\.", Pattern.MULTILINE);
    static final Pattern SERVER_IMPORT = Pattern.compile(
            "^import (?:static )?(io\\.undertow|org\\.wildfly|fish\\.payara|org\\.glassfish\\.(?:tyrus|grizzly))\\.", Pattern.MULTILINE);

    @Test
    void everyComponentImportsOnlyWhatItMayAndOnlyPlatformImportsServerClasses() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String component = SOURCES.relativize(file).getName(0).toString();
                String source = Files.readString(file);
                Set<String> allowed = ALLOWED.get(component);
                if (allowed == null) {
                    broken.add(file + ": a component the rules do not name");
                    continue;
                }
                for (Matcher m = HERALD_IMPORT.matcher(source); m.find(); ) {
                    if (!m.group(1).equals(component) && !allowed.contains(m.group(1))) {
                        broken.add(file + " imports io.herald." + m.group(1));
                    }
                }
                for (Matcher m = SERVER_IMPORT.matcher(source); m.find(); ) {
                    if (!component.equals("platform")) {
                        broken.add(file + " imports " + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /**
     * Payara 6 does not inject {@code @Resource} into the beans of a {@code WEB-INF/lib} jar, where Herald's classes are
     * when an application embeds {@code herald-classes.jar}: such a field fails that deployment (it failed
     * EmbeddedFacesIT once), so every bean looks the container's resources up through {@code ContainerThreads}.
     */
    @Test
    void noBeanTakesAContainerResourceByResourceInjection() throws IOException {
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("import jakarta.annotation.Resource;")) {
                    broken.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), broken, "use io.herald.concurrency.ContainerThreads");
    }
}
