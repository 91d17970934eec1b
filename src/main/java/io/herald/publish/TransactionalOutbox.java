package io.herald.publish;

import io.herald.concurrency.ContainerThreads;
import io.herald.metrics.HeraldMetrics;
import io.herald.metrics.Source;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The optional transactional outbox ({@code herald.publish.outbox=on}): a {@link HeraldEvent} fired inside a JTA
 * transaction is written as a row of {@code herald_outbox} on the datasource {@code herald.publish.outbox.datasource}
 * (the server's default one unless configured), in that transaction, so it commits or rolls back with the
 * application's own data; a relay on one node at a time ({@link OutboxRelay}) appends the committed rows to the event
 * log in insert order and deletes them. Rows survive a node's death (as far as the database does) and are relayed
 * after a restart, or by another node. While the log is unreachable the rows stay and are retried, backing off from
 * {@code herald.publish.outbox.interval} up to {@code herald.publish.outbox.max-backoff} (at once when the log says it
 * is back). A commit on this node wakes the relay at once; other nodes' rows are found by the poll every interval.
 * <p>
 * Off (the default), nothing here touches a database. Thread-safe: {@link #write} runs on the firing thread in its
 * transaction; every round of the relay runs on one timer thread of this bean's.
 */
@ApplicationScoped
public class TransactionalOutbox {

    private static final System.Logger LOG = System.getLogger(TransactionalOutbox.class.getName());

    static final String TSR = "java:comp/TransactionSynchronizationRegistry";
    /** The key of this bean's mark in a transaction: its commit wakes the relay (one synchronization per transaction). */
    private static final Object WAKE = new Object();

    @Inject
    @ConfigProperty(name = "herald.publish.outbox", defaultValue = "off")
    String mode;

    @Inject
    @ConfigProperty(name = "herald.publish.outbox.datasource", defaultValue = "java:comp/DefaultDataSource")
    String dataSourceName;

    @Inject
    @ConfigProperty(name = "herald.publish.outbox.interval", defaultValue = "PT1S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "herald.publish.outbox.max-backoff", defaultValue = "PT10S")
    Duration maxBackoff;

    @Inject
    @ConfigProperty(name = "herald.publish.outbox.lease", defaultValue = "PT30S")
    Duration lease;

    @Inject
    @ConfigProperty(name = "herald.publish.outbox.batch", defaultValue = "100")
    int batch;

    @Inject
    @ConfigProperty(name = "herald.publish.outbox.start-delay", defaultValue = "PT0S")
    Duration startDelay;

    @Inject
    Publisher publisher;

    @Inject
    HeraldMetrics metrics;

    private boolean on;
    private DataSource dataSource;
    private TransactionSynchronizationRegistry transactions;
    private OutboxRelay relay;
    private volatile ScheduledThreadPoolExecutor timer;
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile long startAt;
    /** Timer thread only: the current backoff (zero while the log takes events) and when the next try is due. */
    private long backoffMillis;
    private long retryAt;

    @PostConstruct
    void configure() {
        on = switch (mode.trim()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalStateException("herald.publish.outbox must be 'on' or 'off', not '" + mode + "'");
        };
        if (!on) {
            return;
        }
        if (batch < 1 || interval.isNegative() || interval.isZero() || lease.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalStateException("herald.publish.outbox: batch must be at least 1, interval positive and the"
                    + " lease at least three intervals (batch " + batch + ", interval " + interval + ", lease " + lease + ")");
        }
        dataSource = lookup(dataSourceName, DataSource.class, "herald.publish.outbox.datasource");
        transactions = lookup(TSR, TransactionSynchronizationRegistry.class, "the JTA synchronization registry");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            OutboxTable.create(c);
            LOG.log(System.Logger.Level.INFO, "transactional outbox on: table {0} on {1} ({2} rows waiting)",
                    OutboxTable.EVENTS, dataSourceName, OutboxTable.count(c));
        } catch (SQLException e) {
            throw new IllegalStateException("herald.publish.outbox=on but the table " + OutboxTable.EVENTS
                    + " cannot be created or read on " + dataSourceName + ": " + e.getMessage(), e);
        }
        relay = new OutboxRelay(dataSource, nodeId(), lease, batch, Duration.ofSeconds(WaitingEvents.APPEND_WAIT_SECONDS),
                d -> publisher.append(d, Source.CDI), System::currentTimeMillis);
    }

    /** The relay starts with the application, so that rows left by an earlier run are relayed without a new event. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!on) {
            return;
        }
        startAt = System.nanoTime() + startDelay.toNanos();
        timer = ContainerThreads.timer(ContainerThreads.factory());
        timer.scheduleWithFixedDelay(this::round, startDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return true when events fired in a transaction go to the table ({@code herald.publish.outbox=on}) */
    boolean on() {
        return on;
    }

    /** What the firing thread's transaction means for its event. */
    enum Context {
        /** No transaction, or one past its commit: publish at once, as without the outbox. */
        NONE,
        /** Rolling back already: the event is never published. */
        ROLLING_BACK,
        /** A transaction that may still commit (active, or in its before-completion phase): the event goes to the table. */
        TRANSACTION
    }

    /** @return the firing thread's transaction as it bears on an event fired now; only when {@link #on} */
    Context context() {
        return switch (transactions.getTransactionStatus()) {
            case Status.STATUS_ACTIVE, Status.STATUS_PREPARING -> Context.TRANSACTION;
            case Status.STATUS_MARKED_ROLLBACK, Status.STATUS_ROLLING_BACK, Status.STATUS_ROLLEDBACK -> Context.ROLLING_BACK;
            // no transaction, or past the point where a resource can join it (e.g. fired by an after-commit observer)
            default -> Context.NONE;
        };
    }

    /**
     * Writes a valid publication to the table in the firing thread's transaction (only when {@link #context} is
     * {@link Context#TRANSACTION}); its commit wakes the relay.
     *
     * @throws IllegalStateException when the row cannot be written: the application's transaction must not commit
     *                               without its event, so the failure reaches the code that fired it
     * @throws jakarta.json.bind.JsonbException when the payload cannot be serialised (nothing was written)
     */
    void write(Publication p) {
        try (Connection c = dataSource.getConnection()) {
            OutboxTable.insert(c, publisher.encode(p), System.currentTimeMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("event " + p.type() + " of tenant " + p.tenant()
                    + " could not be written to the transactional outbox on " + dataSourceName + ": " + e.getMessage(), e);
        }
        if (transactions.getResource(WAKE) != null) {
            return;
        }
        try {
            transactions.putResource(WAKE, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        wake();
                    }
                }
            });
        } catch (IllegalStateException tooLate) {
            // the transaction no longer takes synchronizations: the row waits for the next poll instead
        }
    }

    /** Runs a round soon, on the timer; wakes that come while one is queued are one. */
    private void wake() {
        ScheduledThreadPoolExecutor t = timer;
        if (t != null && woken.compareAndSet(false, true)) {
            try {
                t.execute(this::round);
            } catch (RejectedExecutionException stopping) {
                woken.set(false); // the application stops: the row is relayed after the restart or by another node
            }
        }
    }

    private void round() {
        woken.set(false);
        if (System.nanoTime() - startAt < 0) {
            countPending(); // the relay waits for herald.publish.outbox.start-delay; what waits is still shown
            return;
        }
        if (backoffMillis > 0 && System.currentTimeMillis() < retryAt && !publisher.logAvailable()) {
            return;
        }
        try {
            OutboxRelay.Round r = relay.relay();
            metrics.outboxRelayed(r.relayed());
            metrics.outboxPending(r.pending());
            if (r.logUnavailable()) {
                backOff(r.pending() + " events wait in the transactional outbox for the event log");
            } else if (backoffMillis > 0) {
                backoffMillis = 0;
                LOG.log(System.Logger.Level.INFO, "the transactional outbox relays again ({0} relayed, {1} rows left)",
                        r.relayed(), r.pending());
            }
        } catch (SQLException | RuntimeException e) {
            backOff("the transactional outbox cannot read " + dataSourceName + ": " + e.getMessage());
        }
    }

    private void countPending() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            metrics.outboxPending(OutboxTable.count(c));
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "outbox rows not counted: {0}", e.getMessage());
        }
    }

    /** Doubles the wait from one interval up to max-backoff; warns at the first failure of a run of them. */
    private void backOff(String why) {
        if (backoffMillis == 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}; retrying with backoff up to {1}", why, maxBackoff);
        }
        backoffMillis = Math.min(maxBackoff.toMillis(), Math.max(interval.toMillis(), backoffMillis * 2));
        retryAt = System.currentTimeMillis() + backoffMillis;
    }

    /** Waits for a round in progress (an append takes at most its wait), then gives the lease up for the next holder. */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(WaitingEvents.APPEND_WAIT_SECONDS + 5, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
            relay.release();
            try (Connection c = dataSource.getConnection()) {
                long left = OutboxTable.count(c);
                if (left > 0) {
                    LOG.log(System.Logger.Level.INFO, "{0} events stay in the transactional outbox: relayed by another"
                            + " node, or by this one after its restart", left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "the transactional outbox could not give its lease up (the next node"
                    + " waits herald.publish.outbox.lease): {0}", e.getMessage());
        }
    }

    private static String nodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return host + "/" + UUID.randomUUID();
    }

    private static <T> T lookup(String name, Class<T> type, String what) {
        try {
            return type.cast(InitialContext.doLookup(name));
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("herald.publish.outbox=on but " + what + " (" + name + ") is not there: " + e, e);
        }
    }
}
