package io.herald.demo;

import io.herald.publish.HeraldEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's sequence of application events, one kind after another. Each is an ordinary CDI event fired inside a
 * JTA transaction, as business code fires it, so Herald delivers it after the commit. {@code @Transactional} rather
 * than an EJB: where the server has no transaction manager, nothing binds the interceptor and the event is fired
 * (and delivered) at once. Thread-safe.
 */
@ApplicationScoped
public class DemoScript {

    @Inject
    Event<HeraldEvent> events;

    @Inject
    @ConfigProperty(name = "herald.demo.tenant", defaultValue = "demo")
    String tenant;

    private final AtomicLong tick = new AtomicLong();

    @Transactional
    public void fireNext() {
        long n = tick.incrementAndGet();
        String face = "face-" + (n % 50);
        String room = "conv-7";
        events.fire(switch ((int) (n % 10)) {
            case 0 -> new DemoEvents.FaceRegistered(tenant, face, "user-" + n);
            case 1 -> new DemoEvents.VerificationCompleted(tenant, face, n % 3 != 0, 0.80 + (n % 20) / 100.0);
            case 2 -> new DemoEvents.MetricUpdated(tenant, "verifications_per_minute", 40 + n % 17);
            case 3 -> new DemoEvents.MessageNew(tenant, room, "m-" + n, "bob", "hello #" + n);
            case 4 -> new DemoEvents.MessageRead(tenant, room, "m-" + (n - 1), "alice");
            case 5 -> new DemoEvents.Notification(tenant, "alice", "n-" + n, "Your report is ready");
            case 6 -> new DemoEvents.NotificationUpdate(tenant, "alice", "n-" + (n - 1), true);
            case 7 -> new DemoEvents.AlertTriggered(tenant, n % 4 == 0 ? "critical" : "warning", "camera 3 offline");
            case 8 -> new DemoEvents.ConversationUpdated(tenant, room, "open");
            default -> new DemoEvents.FaceDeleted(tenant, face);
        });
    }
}
