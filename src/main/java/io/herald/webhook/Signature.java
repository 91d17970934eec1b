package io.herald.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The {@code X-Herald-Signature} header's value: {@code sha256=} and the lower-case hex of HMAC-SHA256 keyed with the
 * secret's UTF-8 bytes over the body's exact bytes (nothing else: the body carries its own {@code id} and
 * {@code timestamp}, so they are signed with it). Stateless, thread-safe.
 */
final class Signature {

    static final String HEADER = "X-Herald-Signature";
    static final String ALGORITHM = "HmacSHA256";
    static final String PREFIX = "sha256=";

    private Signature() {
    }

    static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe, and one costs a few microseconds
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
