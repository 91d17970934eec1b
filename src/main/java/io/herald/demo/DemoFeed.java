package io.herald.demo;

import io.herald.publish.HeraldEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires one demo event every two seconds when {@code herald.demo.enabled=true}: an EJB firing ordinary CDI events
 * inside its container transaction, exactly as application code would. Herald delivers each after the commit.
 */
@Singleton
@Startup
public class DemoFeed {

    @Resource
    TimerService timers;

    @Inject
    Event<HeraldEvent> events;

    @Inject
    @ConfigProperty(name = "herald.demo.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "herald.demo.tenant", defaultValue = "demo")
    String tenant;

    private final AtomicLong tick = new AtomicLong();

    @PostConstruct
    void start() {
        if (enabled) {
            timers.createIntervalTimer(2000, 2000, new TimerConfig("herald-demo-feed", false));
        }
    }

    @Timeout
    void publishNext() {
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
