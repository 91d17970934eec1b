package io.herald.auth;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;

/**
 * Fetches a JWKS over HTTP(S) with a connect and a read timeout, at most {@link #MAX_BYTES}, following no redirect
 * to another scheme. Over https it trusts the JVM's default CAs, or only those of a configured trust store (a PEM
 * file of CA certificates or a PKCS12 trust store), for providers whose certificate comes from a private CA.
 * Immutable and thread-safe.
 */
final class JwksClient implements RemoteKeys.Fetcher {

    static final int MAX_BYTES = 1 << 20;

    private final URI uri;
    private final int timeoutMillis;
    private final SSLSocketFactory sockets;

    /** @param sockets null for the JVM's default trust */
    JwksClient(URI uri, Duration timeout, SSLSocketFactory sockets) {
        this.uri = uri;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
        this.sockets = sockets;
    }

    @Override
    public String fetch() throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        if (!(connection instanceof HttpURLConnection http)) {
            throw new IOException("not an http(s) URL");
        }
        if (http instanceof HttpsURLConnection https && sockets != null) {
            https.setSSLSocketFactory(sockets);
        }
        http.setConnectTimeout(timeoutMillis);
        http.setReadTimeout(timeoutMillis);
        http.setInstanceFollowRedirects(true);
        http.setUseCaches(false);
        http.setRequestProperty("Accept", "application/json, application/jwk-set+json");
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            try (InputStream in = http.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new IOException("larger than " + MAX_BYTES + " bytes");
                }
                return new String(body, StandardCharsets.UTF_8);
            }
        } finally {
            http.disconnect();
        }
    }

    /**
     * @param location a PEM file of CA certificates, or a PKCS12 trust store (then {@code password} opens it), named
     *                 as {@link KeyMaterial#readBytes} reads it
     * @return sockets that trust only those certificates
     * @throws IllegalArgumentException when the trust store cannot be read, saying why
     */
    static SSLSocketFactory trusting(String location, String password) {
        try {
            byte[] bytes = KeyMaterial.readBytes(location);
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
                store.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(bytes))) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new IllegalArgumentException("no certificate in " + location);
                }
            } else {
                store.load(new ByteArrayInputStream(bytes), password == null ? null : password.toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the trust store " + location + ": " + e.getMessage(), e);
        }
    }
}
