package io.herald.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Logs refused credentials without letting a flood of bad tokens flood the log: the first refusal for a reason is
 * logged at once, later ones for the same reason at most once per interval, with how many there were since the last
 * line. Only the reason is logged, never the credential. Reasons are a bounded set of fixed words (nothing a client
 * chose), so the map stays small. Thread-safe.
 */
final class RefusalLog {

    private static final System.Logger LOG = System.getLogger(RefusalLog.class.getName());

    /** Refusals of one reason since its last line. */
    private record Window(Instant loggedAt, long unlogged) {
    }

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Duration interval;
    private final Clock clock;

    RefusalLog(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** @return the line logged for this refusal, or null when it was only counted */
    String refused(String reason) {
        Instant now = clock.instant();
        long[] toLog = {-1};
        windows.compute(reason, (r, w) -> {
            if (w == null || !now.isBefore(w.loggedAt().plus(interval))) {
                toLog[0] = w == null ? 1 : w.unlogged() + 1;
                return new Window(now, 0);
            }
            return new Window(w.loggedAt(), w.unlogged() + 1);
        });
        if (toLog[0] < 0) {
            return null;
        }
        String line = "credential refused: " + reason + (toLog[0] > 1 ? " (" + toLog[0] + " times since the last"
                + " line for this reason; at most one line per " + interval + ")" : "");
        LOG.log(System.Logger.Level.INFO, line);
        return line;
    }
}
