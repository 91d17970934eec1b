package io.herald.webhook;

import io.herald.concurrency.ContainerThreads;
import io.herald.metrics.TenantStats;
import io.herald.metrics.WebhookDrop;
import io.herald.tenant.TenantRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The webhook queue: holds at most {@code herald.webhooks.queue-size} deliveries (waiting for a sender, in flight, or
 * waiting to retry), at most {@code herald.webhooks.receiver-queue-size} of them for one receiver, POSTs each with the
 * JDK's {@link HttpClient} from {@code herald.webhooks.senders} threads of its own (the container's managed thread
 * factory), no more than half of them for one receiver at once ({@link ReceiverLane}: a receiver that hangs keeps the
 * others' webhooks going), and retries a connection error, a timeout, a 5xx or a 429 after
 * {@link Backoff}, up to {@code herald.webhooks.max-attempts} attempts; any other status is not retried. A delivery is
 * counted once in its tenant's figures: delivered (a 2xx), or dropped with its {@link WebhookDrop} reason.
 * <p>
 * {@link #offer} never blocks and never throws: a full queue is a drop. Stopping abandons the deliveries waiting to
 * retry, gives the queued ones {@code herald.webhooks.stop-timeout} to go out, then interrupts what is left (each a
 * {@code stopped} drop): an undeploy waits for it at most that long. Thread-safe.
 */
@ApplicationScoped
public class Deliveries {

    static final String EVENT_HEADER = "X-Herald-Event";
    static final String DELIVERY_HEADER = "X-Herald-Delivery";
    static final String USER_AGENT = "Herald-Webhooks/1";
    /** After the stop timeout, how long interrupted attempts get to end. */
    private static final long INTERRUPTED_GRACE_MILLIS = 1000;
    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    @Inject
    WebhookSettings settings;

    @Inject
    TenantRegistry registry;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    private Semaphore places;
    private ThreadPoolExecutor senders;
    private ScheduledThreadPoolExecutor retries;
    private ExecutorService clientThreads;
    private volatile HttpClient http;
    private DropLog drops;
    private int maxAttempts;
    private Backoff backoff;
    private final Set<Delivery> waiting = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<Target, ReceiverLane<Delivery>> lanes = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** The stop timeout has passed: what is still queued is dropped, not sent. */
    private volatile boolean abandoned;

    @PostConstruct
    void start() {
        places = new Semaphore(settings.queueSize());
        if (threads == null) {
            threads = ContainerThreads.factory();
        }
        // threads are made when the first delivery comes: an application without webhooks has none
        senders = new ThreadPoolExecutor(settings.senders(), settings.senders(), 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        retries = new ScheduledThreadPoolExecutor(1, threads);
        retries.setRemoveOnCancelPolicy(true);
        clientThreads = Executors.newCachedThreadPool(threads);
        drops = new DropLog(settings.logInterval());
        maxAttempts = settings.maxAttempts();
        backoff = settings.backoff();
    }

    /**
     * Queues one delivery of {@code body} to {@code target}; returns at once.
     *
     * @param id the body's {@code id}, sent as {@value #DELIVERY_HEADER} as well
     */
    void offer(Target target, String tenant, Hook hook, String id, byte[] body) {
        if (stopping) {
            dropped(tenant, hook, target, WebhookDrop.STOPPED, "the application is stopping");
            return;
        }
        ReceiverLane<Delivery> lane = lanes.computeIfAbsent(target,
                t -> new ReceiverLane<>(settings.inFlightPerReceiver(), settings.receiverQueueSize()));
        if (!lane.hold()) {
            dropped(tenant, hook, target, WebhookDrop.QUEUE_FULL, "this receiver holds herald.webhooks.receiver-queue-size ("
                    + settings.receiverQueueSize() + ") deliveries already");
            return;
        }
        if (!places.tryAcquire()) {
            lane.release();
            dropped(tenant, hook, target, WebhookDrop.QUEUE_FULL, "herald.webhooks.queue-size (" + settings.queueSize() + ") deliveries are waiting");
            return;
        }
        start(new Delivery(target, lane, tenant, hook, id, body));
    }

    /** Starts {@code d}'s next attempt, or queues it behind its receiver's attempts in flight. */
    private void start(Delivery d) {
        if (d.lane.admit(d)) {
            try {
                senders.execute(d);
            } catch (RejectedExecutionException e) {
                abandon(d);
            }
        }
    }

    /** Runs on a sender: {@code first}'s attempt, then each delivery its receiver's slot is handed. */
    private void runLane(Delivery first) {
        for (Delivery d = first; d != null; ) {
            attempt(d);
            Delivery next = d.lane.next();
            if (next == null) {
                return;
            }
            if (abandoned) {
                abandon(next);
                return;
            }
            if (!stopping) {
                try {
                    senders.execute(next); // to the back of the senders' queue: other receivers' deliveries go first
                    return;
                } catch (RejectedExecutionException e) {
                    // stopping: what is left of this receiver goes out here, within the stop timeout
                }
            }
            d = next;
        }
    }

    /** Drops {@code d}, which holds a slot of its receiver, and everything waiting for that slot. */
    private void abandon(Delivery d) {
        for (Delivery n = d; n != null; n = n.lane.next()) {
            n.drop(WebhookDrop.STOPPED, "still queued after herald.webhooks.stop-timeout");
        }
    }

    private void attempt(Delivery d) {
        d.attempts++;
        String failure;
        String retryAfter = null;
        try {
            HttpResponse<InputStream> r = client().send(d.request(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close(); // the answer's body is not read: a receiver cannot hold a sender by streaming one
            int status = r.statusCode();
            if (status / 100 == 2) {
                d.delivered();
                return;
            }
            failure = "HTTP " + status;
            if (status < 500 && status != 429) {
                d.drop(WebhookDrop.REJECTED, failure + " (not retried)");
                return;
            }
            retryAfter = r.headers().firstValue("Retry-After").orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            d.drop(WebhookDrop.STOPPED, "interrupted by the stop during attempt " + d.attempts);
            return;
        } catch (IOException e) { // refused, reset, timed out, TLS: the receiver may be back soon
            failure = e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            d.drop(WebhookDrop.REJECTED, e.getClass().getSimpleName() + " (not retried)");
            return;
        }
        if (d.attempts >= maxAttempts) {
            d.drop(WebhookDrop.FAILED, failure + " at each of " + d.attempts + " attempts");
            return;
        }
        retryLater(d, failure, retryAfter);
    }

    private void retryLater(Delivery d, String failure, String retryAfter) {
        long delay = backoff.delayMillis(d.attempts, ThreadLocalRandom.current()::nextDouble, retryAfter);
        waiting.add(d);
        try {
            retries.schedule(() -> {
                if (waiting.remove(d)) {
                    start(d);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            waiting.remove(d);
            d.drop(WebhookDrop.STOPPED, failure + ", and the application is stopping");
            return;
        }
        d.stats().webhookRetried();
        LOG.log(System.Logger.Level.DEBUG, "webhook {0} of tenant {1} to the {2}: {3} at attempt {4}, again in {5} ms",
                d.hook.wire, d.tenant, d.target, failure, d.attempts, delay);
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = build();
                }
                c = http;
            }
        }
        return c;
    }

    private HttpClient build() {
        // the client's selector thread inherits the builder's context class loader: not the application's, which it
        // would otherwise keep reachable after an undeploy until the client is collected
        Thread t = Thread.currentThread();
        ClassLoader application = t.getContextClassLoader();
        t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).executor(clientThreads).build();
        } finally {
            t.setContextClassLoader(application);
        }
    }

    /** @return the counters of {@code tenant} (the registry's; a test counts elsewhere) */
    TenantStats stats(String tenant) {
        return registry.tenant(tenant).stats();
    }

    private void dropped(String tenant, Hook hook, Target target, WebhookDrop reason, String why) {
        stats(tenant).webhookDropped(reason);
        drops.dropped(reason, tenant, hook, target, why);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        retries.shutdownNow();
        for (Delivery d : waiting) {
            if (waiting.remove(d)) {
                d.drop(WebhookDrop.STOPPED, "waiting to retry when the application stopped");
            }
        }
        senders.shutdown(); // what is queued still goes out, within the stop timeout
        try {
            if (!senders.awaitTermination(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                abandoned = true;
                for (Runnable r : senders.shutdownNow()) { // interrupts the attempts in flight, too
                    abandon((Delivery) r);
                }
                senders.awaitTermination(INTERRUPTED_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        clientThreads.shutdownNow();
    }

    /** One body to one receiver: handed from thread to thread by the executors, so one thread at a time touches it. */
    private final class Delivery implements Runnable {
        final Target target;
        final ReceiverLane<Delivery> lane;
        final String tenant;
        final Hook hook;
        final String id;
        final byte[] body;
        private final AtomicBoolean finished = new AtomicBoolean();
        private String signature;
        int attempts;

        Delivery(Target target, ReceiverLane<Delivery> lane, String tenant, Hook hook, String id, byte[] body) {
            this.target = target;
            this.lane = lane;
            this.tenant = tenant;
            this.hook = hook;
            this.id = id;
            this.body = body;
        }

        @Override
        public void run() {
            runLane(this);
        }

        HttpRequest request() {
            if (signature == null) {
                signature = Signature.of(target.secret(), body); // on a sender, not on the lifecycle thread
            }
            return HttpRequest.newBuilder(target.url()).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header(EVENT_HEADER, hook.wire)
                    .header(DELIVERY_HEADER, id)
                    .header(Signature.HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        TenantStats stats() {
            return Deliveries.this.stats(tenant);
        }

        void delivered() {
            if (finished.compareAndSet(false, true)) {
                places.release();
                lane.release();
                stats().webhookDelivered();
            }
        }

        void drop(WebhookDrop reason, String why) {
            if (finished.compareAndSet(false, true)) {
                places.release();
                lane.release();
                dropped(tenant, hook, target, reason, why);
            }
        }
    }
}
