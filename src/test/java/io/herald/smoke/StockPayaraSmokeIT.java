package io.herald.smoke;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock Payara Micro with {@code server-config/payara/post-boot-commands.asadmin} and herald.war, started with
 * {@code java -jar payara-micro.jar}; the key location and issuer come from the environment, as the file reads them.
 */
class StockPayaraSmokeIT extends StockServerSmoke {

    static final Path MICRO = Path.of(System.getProperty("payara.microJar")).toAbsolutePath();
    static final Path DIR = TARGET.resolve("smoke-payara");
    private int port;

    @Override
    Process start() throws Exception {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(DEMO_ON);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", DEV_PUBLIC_KEY.toString());
        env.put("MP_JWT_VERIFY_ISSUER", "herald-dev");
        env.put("HERALD_LOG_LEVEL", "FINE");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return launch(List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + DIR, "-jar", MICRO.toString(),
                        "--nocluster", "--disablephonehome", "--port", Integer.toString(port), "--rootdir", DIR.resolve("root").toString(),
                        "--postbootcommandfile", SERVER_CONFIG.resolve("payara/post-boot-commands.asadmin").toString(),
                        "--deploy", WAR.toString()),
                env, DIR.resolve("console.log"));
    }

    @Override
    URL base() throws Exception {
        return URI.create("http://127.0.0.1:" + port + "/herald/").toURL();
    }

    @Override
    URI readiness() {
        return URI.create("http://127.0.0.1:" + port + "/health/ready");
    }
}
