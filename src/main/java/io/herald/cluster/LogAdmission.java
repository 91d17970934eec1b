package io.herald.cluster;

import io.herald.log.AppendAdmission;
import io.herald.log.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Refuses new events while the event log cannot take them (Redis unreachable, Hazelcast unusable), before they are
 * parsed into an append: HTTP publishes get 503 at once. Not a passing refusal for the CDI path: an event from a committed
 * transaction does not wait on the application's thread, it goes to {@code publish}'s bounded queue of events that
 * wait for the log.
 */
@ApplicationScoped
public class LogAdmission implements AppendAdmission {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @Inject
    EventLog log;

    @Override
    public Refusal refusal(String tenant) {
        return log.available() ? null : new Refusal("the event log is unreachable; retry later", RETRY_AFTER, false);
    }
}
