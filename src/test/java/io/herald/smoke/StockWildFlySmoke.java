package io.herald.smoke;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stock WildFly on one of its server configurations: the unpacked dist, run as an instance of its own (a fresh
 * copy of the dist's untouched {@code standalone/} as {@code jboss.server.base.dir}),
 * {@code server-config/wildfly/apply.sh} run on that configuration, the IdP key put where the script looks for it,
 * herald.war copied into {@code deployments/}, the TLS keystore put at the script's default location with its
 * password in {@code HERALD_TLS_KEYSTORE_PASSWORD}, started with {@code standalone.sh -c <configuration>}. Each
 * configuration has a port offset of its own, so that a server still stopping never holds the next one's ports.
 */
abstract class StockWildFlySmoke extends StockServerSmoke {

    static final Path HOME = Path.of(System.getProperty("jboss.home")).toAbsolutePath();
    static final Path STOCK = HOME.resolve("standalone");

    private final String configuration;
    private final int offset;
    private final Path dir;

    StockWildFlySmoke(String configuration, int offset) {
        this.configuration = configuration;
        this.offset = offset;
        this.dir = TARGET.resolve("smoke-wildfly-" + configuration.replace(".xml", ""));
    }

    @Override
    Process start() throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path base = dir.resolve("standalone");
        copyTree(STOCK, base);
        Map<String, String> env = new HashMap<>();
        env.put("JBOSS_HOME", HOME.toString());
        env.put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        run(List.of("sh", SERVER_CONFIG.resolve("wildfly/apply.sh").toString(), configuration), env,
                dir.resolve("apply.log"), BOOT);

        Files.copy(DEV_PUBLIC_KEY, base.resolve("configuration/herald-jwt-public.pem"));
        Files.copy(certificate.keystore(), base.resolve("configuration/herald-tls.p12")); // the default TLS keystore location
        Files.copy(WAR, base.resolve("deployments/herald.war"));

        Map<String, String> serverEnv = new HashMap<>(DEMO_ON);
        serverEnv.put("JAVA_OPTS", null);
        serverEnv.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", null);
        serverEnv.put("MP_JWT_VERIFY_ISSUER", "herald-dev");
        serverEnv.put("HERALD_TLS_KEYSTORE", null);
        serverEnv.put("HERALD_TLS_KEYSTORE_PASSWORD", certificate.password());
        serverEnv.put("HERALD_LOG_LEVEL", "DEBUG");
        serverEnv.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return launch(List.of("sh", HOME.resolve("bin/standalone.sh").toString(), "-c", configuration,
                        "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset),
                serverEnv, dir.resolve("console.log"));
    }

    /** The deployment scanner's marker: WildFly keeps running with a failed deployment, so the URL alone never tells. */
    @Override
    String deploymentFailure() throws Exception {
        Path failed = dir.resolve("standalone/deployments/herald.war.failed");
        return Files.exists(failed) ? configuration + ": " + Files.readString(failed) : null;
    }

    @Override
    URL base() throws Exception {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/herald/").toURL();
    }

    @Override
    URL tlsBase() throws Exception {
        return URI.create("https://127.0.0.1:" + (8443 + offset) + "/herald/").toURL();
    }

    @Override
    URI readiness() {
        return URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/ready");
    }
}
