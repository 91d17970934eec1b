package io.herald.publish;

import io.herald.log.EventDraft;
import io.herald.log.LogUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Moves the outbox's rows to the event log: the one node that holds the relay lease ({@link OutboxTable#lease})
 * appends the rows in insert order, one append at a time, each awaited before the next (so that a failure never lets
 * a later row overtake an earlier one), and deletes each row once the log took it. When the log cannot take an
 * append ({@link LogUnavailableException}, or no answer within the append wait) the round stops and that row and all
 * after it stay for the next round. An append that fails otherwise (the row cannot be published at all) is logged
 * and its row deleted, so that one bad row cannot hold up every later one.
 * <p>
 * Delivery from the outbox to the log is at least once: a node that dies after an append and before that row's
 * delete, or an append that timed out although the log took it, appends the row again (a second id). The lease is
 * renewed while a round runs, at most every third of its duration; a node that loses it mid-round (it stalled past
 * the lease) stops before its next append.
 * <p>
 * Not thread-safe: one thread runs the rounds (the outbox's timer).
 */
final class OutboxRelay {

    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    private final DataSource rows;
    private final String node;
    private final long leaseMillis;
    private final int batch;
    private final Duration appendWait;
    private final Function<EventDraft, CompletionStage<?>> append;
    private final LongSupplier millis;

    /**
     * @param node       this node's id in the lease row, unique among the nodes sharing the database
     * @param append     the log's append (the publisher's); its stage fails with {@link LogUnavailableException}
     *                   when the log cannot take the event
     * @param appendWait how long one append may take before the round stops
     * @param millis     the wall clock the lease is kept by (the nodes' clocks must agree to well within the lease)
     */
    OutboxRelay(DataSource rows, String node, Duration lease, int batch, Duration appendWait,
                Function<EventDraft, CompletionStage<?>> append, LongSupplier millis) {
        this.rows = rows;
        this.node = node;
        this.leaseMillis = lease.toMillis();
        this.batch = batch;
        this.appendWait = appendWait;
        this.append = append;
        this.millis = millis;
    }

    /**
     * One round: takes (or renews) the lease and, holding it, relays rows until none are left or the log refuses.
     *
     * @return what the round did, never null
     * @throws SQLException when the database cannot be used (nothing is lost: the rows stay)
     */
    Round relay() throws SQLException {
        try (Connection c = rows.getConnection()) {
            c.setAutoCommit(true);
            long renewed = millis.getAsLong();
            if (!OutboxTable.lease(c, node, renewed, renewed + leaseMillis)) {
                return new Round(0, false, false, OutboxTable.count(c));
            }
            int relayed = 0;
            for (List<OutboxTable.Row> next = OutboxTable.oldest(c, batch); !next.isEmpty();
                 next = next.size() < batch ? List.of() : OutboxTable.oldest(c, batch)) {
                for (OutboxTable.Row row : next) {
                    long now = millis.getAsLong();
                    if (now - renewed > leaseMillis / 3) {
                        if (!OutboxTable.lease(c, node, now, now + leaseMillis)) {
                            return new Round(relayed, false, false, OutboxTable.count(c));
                        }
                        renewed = now;
                    }
                    if (!appended(row)) {
                        return new Round(relayed, true, true, OutboxTable.count(c));
                    }
                    OutboxTable.delete(c, row.id());
                    relayed++;
                }
            }
            return new Round(relayed, true, false, OutboxTable.count(c));
        }
    }

    /** Gives up the lease if this node holds it (the application stops): the next holder need not wait it out. */
    void release() throws SQLException {
        try (Connection c = rows.getConnection()) {
            c.setAutoCommit(true);
            OutboxTable.release(c, node);
        }
    }

    /** @return false when the log did not take the row's event (its row stays), true when the row is done with */
    private boolean appended(OutboxTable.Row row) {
        EventDraft d = row.draft();
        try {
            append.apply(d).toCompletableFuture().get(appendWait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogUnavailableException) {
                return false;
            }
            LOG.log(System.Logger.Level.ERROR, "outbox row " + row.id() + " (event " + d.type() + " of tenant " + d.tenant()
                    + ") not published, deleted", e.getCause());
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "outbox row " + row.id() + " (event " + d.type() + " of tenant " + d.tenant()
                    + ") not published, deleted", e);
            return true;
        }
    }

    /**
     * @param relayed        rows appended to the log and deleted in this round
     * @param leased         false when another node holds the lease (this one relayed nothing, or lost it mid-round)
     * @param logUnavailable true when the round stopped because the log did not take an event
     * @param pending        the rows in the table at the end of the round, any node's
     */
    record Round(int relayed, boolean leased, boolean logUnavailable, long pending) {
    }
}
