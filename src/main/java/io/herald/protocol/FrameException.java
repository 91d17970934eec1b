package io.herald.protocol;

/** A client frame was refused; becomes an {@code error} frame with this code. The connection stays open. */
public class FrameException extends Exception {

    public static final String BAD_JSON = "bad_json";
    public static final String BAD_FRAME = "bad_frame";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String INTERNAL = "internal";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_LARGE = "too_large";
    /** An {@code auth} frame's token was refused (invalid, expired, not signed by the configured key). */
    public static final String UNAUTHORIZED = "unauthorized";
    /** A {@code call} was not answered in time. */
    public static final String TIMEOUT = "timeout";
    /** A {@code call} was refused at once: an open circuit, or too many calls in progress. */
    public static final String UNAVAILABLE = "unavailable";

    private final String code;

    public FrameException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
