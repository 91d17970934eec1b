package io.herald.auth;

/**
 * A credential is missing or was refused. The message says why in words safe to show the caller
 * (it never contains the credential itself).
 */
public class AuthenticationException extends Exception {

    private final boolean expired;

    public AuthenticationException(String message) {
        this(message, false);
    }

    private AuthenticationException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    /** @return a refusal of a credential that was valid once: past its {@code exp}, or older than the token age */
    static AuthenticationException expired(String message) {
        return new AuthenticationException(message, true);
    }

    /** @return true for a credential refused only for its age ({@link #expired(String)}) */
    public boolean isExpiry() {
        return expired;
    }
}
