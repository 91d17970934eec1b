package io.herald.call;

import java.util.regex.Pattern;

/**
 * Thrown by a {@link HeraldCall} method to answer with {@code {"type":"error","code":<code>,"message":<message>}}:
 * the code and message go to the client as they are, so they must not carry secrets. Any other exception is
 * answered {@code internal} with a fixed message. It counts as a failure for a circuit breaker unless the method's
 * {@code @CircuitBreaker(skipOn = CallException.class)} says otherwise.
 */
public class CallException extends RuntimeException {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final String code;

    /**
     * @param code    1–64 lower-case letters, digits and {@code _}, starting with a letter (e.g. {@code out_of_stock})
     * @param message for the client
     * @throws IllegalArgumentException when the code is not of that form
     */
    public CallException(String code, String message) {
        super(message);
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a call error code is 1-64 of a-z, 0-9 and _, starting with a letter: " + code);
        }
        this.code = code;
    }

    public String code() {
        return code;
    }
}
