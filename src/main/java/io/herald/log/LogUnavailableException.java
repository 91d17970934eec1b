package io.herald.log;

/** The log cannot take an append now (a remote store unreachable, or the node refusing work); nothing was appended. */
public class LogUnavailableException extends RuntimeException {

    public LogUnavailableException(String message) {
        super(message, null, false, false);
    }
}
