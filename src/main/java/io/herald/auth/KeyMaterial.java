package io.herald.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Reads PEM key files named by configuration: a file path, a {@code file:} URL or a {@code classpath:} resource. */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    public static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no classpath resource " + resource);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
            String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
            return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key at " + location, e);
        }
    }

    /** The DER bytes of a PEM block, or of a bare base64 string. */
    public static byte[] pemBody(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
