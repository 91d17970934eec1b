package io.herald.smoke;

import io.herald.it.TestCertificate;

import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Stock Payara Micro with {@code server-config/payara/post-boot-commands.asadmin} and herald.war, started with
 * {@code java -jar payara-micro.jar}; the key location and issuer come from the environment, as the file reads them,
 * and TLS is turned on with {@code --sslport}, {@code --sslcert} and the keystore's system properties.
 */
class StockPayaraSmokeIT extends StockServerSmoke {

    static final Path MICRO = Path.of(System.getProperty("payara.microJar")).toAbsolutePath();
    static final Path DIR = TARGET.resolve("smoke-payara");
    private int port;
    private int tlsPort;

    @Override
    Process start() throws Exception {
        deleteTree(DIR);
        Files.createDirectories(DIR);
        try (ServerSocket free = new ServerSocket(0); ServerSocket freeForTls = new ServerSocket(0)) {
            port = free.getLocalPort();
            tlsPort = freeForTls.getLocalPort();
        }
        // TLS as the README says: the keystore and its password as system properties, from a file of their own
        Properties tls = new Properties();
        tls.setProperty("javax.net.ssl.keyStore", certificate.keystore().toString());
        tls.setProperty("javax.net.ssl.keyStorePassword", certificate.password());
        Path tlsProperties = DIR.resolve("tls.properties");
        try (Writer w = Files.newBufferedWriter(tlsProperties)) {
            tls.store(w, null);
        }
        Map<String, String> env = new HashMap<>(DEMO_ON);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", DEV_PUBLIC_KEY.toString());
        env.put("MP_JWT_VERIFY_ISSUER", "herald-dev");
        env.put("HERALD_LOG_LEVEL", "FINE");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return launch(List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + DIR, "-jar", MICRO.toString(),
                        "--nocluster", "--disablephonehome", "--port", Integer.toString(port), "--rootdir", DIR.resolve("root").toString(),
                        "--sslport", Integer.toString(tlsPort), "--sslcert", TestCertificate.ALIAS,
                        "--systemProperties", tlsProperties.toString(),
                        "--postbootcommandfile", SERVER_CONFIG.resolve("payara/post-boot-commands.asadmin").toString(),
                        "--deploy", WAR.toString()),
                env, DIR.resolve("console.log"));
    }

    @Override
    URL base() throws Exception {
        return URI.create("http://127.0.0.1:" + port + "/herald/").toURL();
    }

    @Override
    URL tlsBase() throws Exception {
        return URI.create("https://127.0.0.1:" + tlsPort + "/herald/").toURL();
    }

    @Override
    URI readiness() {
        return URI.create("http://127.0.0.1:" + port + "/health/ready");
    }
}
