package io.herald.demo;

import io.herald.publish.HeraldEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's live traffic, one tick at a time, so that every page has something to show in the dev run: metrics
 * (the dashboard's charts: one every tick, two more every second and third), and one more event from a rotation of the replaced systems' events: faces and
 * verifications (the dashboard), alerts, notifications to alice and bob (the notification centre), messages, read
 * receipts and status changes in the clinic's conversations (the chat). Each tick's events are ordinary CDI events
 * fired inside one JTA transaction, as business code fires them, so Herald delivers them after the commit.
 * {@code @Transactional} rather than an EJB: where the server has no transaction manager, nothing binds the
 * interceptor and the events are fired (and delivered) at once. Thread-safe.
 */
@ApplicationScoped
public class DemoScript {

    /** What the clinic's other participants say, in turn. */
    static final List<String> LINES = List.of(
            "Mrs. Souza is here for her 10:30 appointment.",
            "Can we move Mr. Alves to Thursday at 15:00?",
            "Blood panel for patient #4471 is ready.",
            "Room 2 is free now.",
            "Please confirm tomorrow's first appointment.",
            "Results attached to the patient's record.",
            "The 11:00 patient cancelled.",
            "Follow-up booked for next week.");

    /** The notification centre's kinds of notification: title, message, level. */
    static final List<List<String>> NOTICES = List.of(
            List.of("Report ready", "Your weekly verification report is ready to download.", "SUCCESS"),
            List.of("New appointment", "A patient booked Thursday 15:00 with Dr. Lima.", "INFO"),
            List.of("Verification failed", "Face verification failed 3 times at the front desk.", "WARNING"),
            List.of("Shift reminder", "Your shift starts in 30 minutes.", "INFO"));

    static final List<String> ALERTS = List.of("camera 3 offline", "verification latency above 800 ms",
            "match rate below 85 %", "face index rebuilt");
    static final List<String> NOTIFIED = List.of("alice", "bob");
    static final int ROTATION = 8;
    /** Where the verifications-per-minute walk is drawn back to. */
    static final double TYPICAL_PER_MINUTE = 45;

    @Inject
    Event<HeraldEvent> events;

    @Inject
    DemoSettings settings;

    @Inject
    Inbox inbox;

    @Inject
    Conversations conversations;

    private final AtomicLong tick = new AtomicLong();
    /** The dashboard's main figure, a bounded random walk drawn back to its typical value; touched by the feed's one thread. */
    private volatile double perMinute = TYPICAL_PER_MINUTE;

    @Transactional
    public void fireNext() {
        long n = tick.incrementAndGet();
        String tenant = settings.tenant();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        perMinute = Math.max(10, Math.min(90, perMinute + (TYPICAL_PER_MINUTE - perMinute) / 8 + random.nextDouble(-6, 6)));
        events.fire(new DemoEvents.MetricUpdated(tenant, "verifications_per_minute", Math.round(perMinute), "1/min"));
        if (n % 2 == 0) {
            events.fire(new DemoEvents.MetricUpdated(tenant, "p95_latency_ms", 180 + random.nextInt(0, 420), "ms"));
        }
        if (n % 3 == 0) {
            events.fire(new DemoEvents.MetricUpdated(tenant, "index_queue_depth", random.nextInt(0, 40), "jobs"));
        }
        String face = "face-" + (n % 50);
        Conversations.Topic topic = Conversations.CATALOGUE.get((int) (n / ROTATION % Conversations.CATALOGUE.size()));
        switch ((int) (n % ROTATION)) {
            case 0 -> events.fire(new DemoEvents.FaceRegistered(tenant, face, "user-" + n, "entrance-" + (1 + n % 3)));
            case 1, 4 -> events.fire(new DemoEvents.VerificationCompleted(tenant, face, random.nextInt(10) < 8,
                    Math.round(random.nextDouble(0.55, 0.99) * 100) / 100.0, random.nextLong(120, 900)));
            case 2 -> conversations.post(tenant, topic, topic.participants().get(2), LINES.get((int) (n / ROTATION % LINES.size())));
            case 3 -> { // alice, bob, alice, …, each in turn through every kind of notice
                long turn = n / ROTATION;
                List<String> notice = NOTICES.get((int) (turn / NOTIFIED.size() % NOTICES.size()));
                inbox.post(tenant, NOTIFIED.get((int) (turn % NOTIFIED.size())), notice.get(0), notice.get(1), notice.get(2));
            }
            case 5 -> events.fire(new DemoEvents.AlertTriggered(tenant, "a-" + n, n % 3 == 0 ? "critical" : "warning",
                    ALERTS.get((int) (n / ROTATION % ALERTS.size())), "entrance-" + (1 + n % 3)));
            case 6 -> conversations.last(tenant, topic).ifPresent(m -> {
                String reader = topic.participants().get(2);
                conversations.read(tenant, topic, reader, m.id());
                events.fire(new DemoEvents.MessageRead(tenant, topic.room(), m.id(), reader));
            });
            default -> {
                if (n % 16 == 7) {
                    conversations.status(tenant, topic, n % 32 == 7 ? "waiting" : "open");
                } else {
                    events.fire(new DemoEvents.FaceDeleted(tenant, face));
                }
            }
        }
    }
}
