package io.herald.it;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA's server certificate for tests, made when the test runs by the JDK's keytool: a PKCS12 key store with a
 * self-signed certificate for 127.0.0.1 and localhost, that certificate as PEM (what a client trusts), and a JDK
 * https server using it.
 *
 * @param keyStore the server's PKCS12 key store
 * @param password its password
 * @param caPem    the certificate as PEM
 */
public record TestTls(Path keyStore, String password, Path caPem) {

    /** Makes the key store and the PEM in {@code dir}. */
    public static TestTls generate(Path dir) throws IOException, InterruptedException {
        TestTls tls = new TestTls(dir.resolve("server.p12"), "changeit", dir.resolve("ca.pem"));
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-keystore", tls.keyStore.toString(), "-storetype", "PKCS12", "-storepass", tls.password);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", tls.keyStore.toString(),
                "-storepass", tls.password, "-file", tls.caPem.toString());
        return tls;
    }

    /** @return an https server on a free loopback port with this certificate, not started */
    public HttpsServer httpsServer() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return server;
    }

    /** Runs the JDK's keytool, failing with its output when it fails. */
    public static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
