package io.herald.protocol;

/** The contract's close codes, beyond those of RFC 6455 that {@link jakarta.websocket.CloseReason.CloseCodes} names. */
public final class CloseCodes {

    public static final int GOING_AWAY = 1001;
    /** A binary frame: Herald reads text frames only. */
    public static final int CANNOT_ACCEPT = 1003;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int SERVER_ERROR = 1011;
    public static final int CREDENTIAL_EXPIRED = 4401;
    public static final int FORBIDDEN = 4403;
    public static final int HEARTBEAT_TIMEOUT = 4408;
    public static final int RATE_LIMITED = 4429;
    public static final int SLOW_CONSUMER = 4508;

    private CloseCodes() {
    }
}
