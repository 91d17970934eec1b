package io.herald.auth;

/**
 * A credential is missing or was refused. The message says why in words safe to show the caller
 * (it never contains the credential itself).
 */
public class AuthenticationException extends Exception {

    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}
