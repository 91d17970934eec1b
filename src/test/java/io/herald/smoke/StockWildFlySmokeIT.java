package io.herald.smoke;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stock WildFly: the unpacked dist, run as an instance of its own (a fresh copy of the dist's untouched
 * {@code standalone/} as {@code jboss.server.base.dir}), {@code server-config/wildfly/apply.sh} run on it, the IdP key put where the script looks for it,
 * herald.war copied into {@code deployments/}, started with {@code standalone.sh}. Ports offset by 300.
 */
class StockWildFlySmokeIT extends StockServerSmoke {

    static final int OFFSET = 300;
    static final Path HOME = Path.of(System.getProperty("jboss.home")).toAbsolutePath();
    static final Path STOCK = HOME.resolve("standalone");
    static final Path DIR = TARGET.resolve("smoke-wildfly");

    @Override
    Process start() throws Exception {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        Path base = DIR.resolve("standalone");
        copyTree(STOCK, base);
        Map<String, String> env = new HashMap<>();
        env.put("JBOSS_HOME", HOME.toString());
        env.put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        run(List.of("sh", SERVER_CONFIG.resolve("wildfly/apply.sh").toString()), env, DIR.resolve("apply.log"), BOOT);

        Files.copy(DEV_PUBLIC_KEY, base.resolve("configuration/herald-jwt-public.pem"));
        Files.copy(WAR, base.resolve("deployments/herald.war"));

        Map<String, String> serverEnv = new HashMap<>();
        serverEnv.put("JAVA_OPTS", null);
        serverEnv.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", null);
        serverEnv.put("MP_JWT_VERIFY_ISSUER", "herald-dev");
        serverEnv.put("HERALD_LOG_LEVEL", "DEBUG");
        serverEnv.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return launch(List.of("sh", HOME.resolve("bin/standalone.sh").toString(), "-c", "standalone.xml",
                        "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + OFFSET),
                serverEnv, DIR.resolve("console.log"));
    }

    @Override
    URL base() throws Exception {
        return URI.create("http://127.0.0.1:" + (8080 + OFFSET) + "/herald/").toURL();
    }

    @Override
    URI readiness() {
        return URI.create("http://127.0.0.1:" + (9990 + OFFSET) + "/health/ready");
    }
}
