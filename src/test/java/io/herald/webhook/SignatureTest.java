package io.herald.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SignatureTest {

    @Test
    void isTheHexOfHmacSha256OverTheBodyBytesWithThePrefix() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Signature.of("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anotherSecretOrAnotherByteGivesAnotherSignature() {
        byte[] body = "{\"event\":\"member.joined\"}".getBytes(StandardCharsets.UTF_8);
        String signed = Signature.of("s3cret", body);
        assertNotEquals(signed, Signature.of("s3cret!", body));
        body[body.length - 2] = 'X';
        assertNotEquals(signed, Signature.of("s3cret", body));
    }
}
