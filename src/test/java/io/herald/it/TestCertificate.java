package io.herald.it;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A server certificate made at test time, never committed: a PKCS#12 keystore with one EC P-256 key and a
 * self-signed certificate for {@code localhost} and {@code 127.0.0.1} (subject alternative names), under
 * {@link #ALIAS}, made with the JDK's {@code keytool} exactly as the README tells an operator to make a test one.
 * Its password is random, so a server that serves it shows that the configured password was read. Immutable and
 * safe to share between threads; {@link #client()} makes a new client each call.
 *
 * @param keystore the PKCS#12 file (store and key share {@code password})
 * @param trusting TLS client context that trusts this certificate and nothing else
 */
public record TestCertificate(Path keystore, String password, SSLContext trusting) {

    /** The key's alias: Payara Micro serves it with {@code --sslcert herald}; WildFly takes the store's only key. */
    public static final String ALIAS = "herald";

    /** Makes a fresh keystore as {@code dir/herald-tls.p12} (an older one there is replaced). */
    public static TestCertificate generate(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("herald-tls.p12");
            Files.deleteIfExists(keystore);
            String password = UUID.randomUUID().toString();
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass", password)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return new TestCertificate(keystore, password, trustOnly(keystore, password));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an HTTP (and WebSocket) client that trusts only this certificate and checks the host name */
    public HttpClient client() {
        return HttpClient.newBuilder().sslContext(trusting).build();
    }

    private static SSLContext trustOnly(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            Certificate certificate = store.getCertificate(ALIAS);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test keystore " + keystore, e);
        }
    }
}
