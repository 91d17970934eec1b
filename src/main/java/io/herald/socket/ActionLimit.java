package io.herald.socket;

import io.herald.limits.TokenBucket;

/**
 * One connection's inbound action rate: a token bucket ({@code herald.limits.actions-per-minute}, {@code
 * herald.limits.action-burst}), made at the connection's first frame (an idle connection holds none). A frame past
 * it is answered {@code rate_limited} and not carried out; {@code herald.limits.action-strikes} such frames in a row
 * close the connection with 4429. Not thread-safe: a connection's frames arrive one at a time (over HTTP its
 * transport serialises them).
 */
public final class ActionLimit {

    /** What to do with a frame. */
    enum Verdict { ACCEPT, REFUSE, CLOSE }

    /** The configured rule, shared by every connection. */
    record Rule(double perMinute, int burst, int strikes) {
        boolean isOff() {
            return perMinute <= 0;
        }
    }

    private final Rule rule;
    private TokenBucket bucket;
    private int strikes;

    ActionLimit(Rule rule) {
        this.rule = rule;
    }

    Verdict admit(long nowNanos) {
        if (rule.isOff()) {
            return Verdict.ACCEPT;
        }
        if (bucket == null) {
            bucket = new TokenBucket(Math.max(1, rule.burst()), rule.perMinute() / 60, nowNanos);
        }
        if (bucket.tryTake(nowNanos)) {
            strikes = 0;
            return Verdict.ACCEPT;
        }
        return ++strikes >= rule.strikes() ? Verdict.CLOSE : Verdict.REFUSE;
    }
}
