package io.herald.publish;

import io.herald.log.EventDraft;
import io.herald.log.LogUnavailableException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's claim and ordering on a real H2 database (what both servers' default datasource is): the tables as
 * {@link OutboxTable} creates them, rows written as the outbox writes them, and an event log that takes or refuses
 * appends as the test says (the log is not what is tested here). The wall clock is the test's, so that leases expire
 * without waiting.
 */
class OutboxRelayTest {

    static final Duration LEASE = Duration.ofSeconds(30);

    JdbcDataSource db;
    final AtomicLong clock = new AtomicLong(1_000_000);
    final List<String> appended = new ArrayList<>();

    @BeforeEach
    void createTables() throws SQLException {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = db.getConnection()) {
            OutboxTable.create(c);
            OutboxTable.create(c); // a second node starting finds them there
        }
    }

    @Test
    void rowsAreAppendedInInsertOrderOnceAndDeleted() throws SQLException {
        write("a", "1", "b", "2", "a", "3");
        OutboxRelay.Round round = relay("node-a", 2, this::take).relay();
        assertEquals(new OutboxRelay.Round(3, true, false, 0), round);
        assertEquals(List.of("a:1", "b:2", "a:3"), appended);
        assertEquals(new OutboxRelay.Round(0, true, false, 0), relay("node-a", 2, this::take).relay(), "nothing twice");
    }

    @Test
    void whileTheLogRefusesTheRowsStayAndLaterGoInOrder() throws SQLException {
        write("t", "1", "t", "2", "t", "3", "t", "4");
        OutboxRelay relay = relay("node-a", 10, d -> d.type().equals("3") ? refuse() : take(d));
        assertEquals(new OutboxRelay.Round(2, true, true, 2), relay.relay(), "stops at the refused row");
        assertEquals(new OutboxRelay.Round(0, true, true, 2), relay("node-a", 10, d -> refuse()).relay());
        assertEquals(new OutboxRelay.Round(2, true, false, 0), relay("node-a", 10, this::take).relay());
        assertEquals(List.of("t:1", "t:2", "t:3", "t:4"), appended, "each once, in order, none overtaking the refused one");
    }

    @Test
    void anotherNodeRelaysNothingWhileTheLeaseHoldsAndTakesOverWhenItExpires() throws SQLException {
        write("t", "1");
        assertTrue(relay("node-a", 10, this::take).relay().leased());
        write("t", "2");
        assertEquals(new OutboxRelay.Round(0, false, false, 1), relay("node-b", 10, this::take).relay(),
                "node-b sees the pending row but may not relay it");
        clock.addAndGet(LEASE.toMillis() + 1); // node-a died without giving the lease up
        assertEquals(new OutboxRelay.Round(1, true, false, 0), relay("node-b", 10, this::take).relay());
        assertEquals(List.of("t:1", "t:2"), appended);
        assertFalse(relay("node-a", 10, this::take).relay().leased(), "node-a, back, waits for node-b's lease in turn");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() throws SQLException {
        OutboxRelay a = relay("node-a", 10, this::take);
        assertTrue(a.relay().leased());
        a.release();
        write("t", "1");
        assertEquals(new OutboxRelay.Round(1, true, false, 0), relay("node-b", 10, this::take).relay());
    }

    @Test
    void aNodeThatLostItsLeaseMidRoundStopsBeforeItsNextAppend() throws SQLException {
        write("t", "1", "t", "2", "t", "3");
        OutboxRelay a = relay("node-a", 10, d -> {
            // node-a stalls past its lease during its first append, and node-b takes the lease meanwhile
            clock.addAndGet(LEASE.toMillis() + 1);
            try (Connection c = db.getConnection()) {
                assertTrue(OutboxTable.lease(c, "node-b", clock.get(), clock.get() + LEASE.toMillis()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return take(d);
        });
        assertEquals(new OutboxRelay.Round(1, false, false, 2), a.relay(), "node-a notices before its second append");
        assertEquals(List.of("t:1"), appended);
    }

    @Test
    void aRowThatCannotBePublishedAtAllIsDroppedAndTheNextOnesGoOn() throws SQLException {
        write("t", "1", "t", "bad", "t", "3");
        OutboxRelay relay = relay("node-a", 10, d -> d.type().equals("bad")
                ? CompletableFuture.failedFuture(new IllegalStateException("cannot be published")) : take(d));
        assertEquals(new OutboxRelay.Round(3, true, false, 0), relay.relay());
        assertEquals(List.of("t:1", "t:3"), appended);
    }

    @Test
    void aRowOfATransactionNotYetCommittedIsNotSeenAndOneRolledBackNever() throws SQLException {
        try (Connection tx = db.getConnection()) {
            tx.setAutoCommit(false);
            OutboxTable.insert(tx, new EventDraft("t", "rolled-back", null, null, "null"), 0);
            assertEquals(new OutboxRelay.Round(0, true, false, 0), relay("node-a", 10, this::take).relay());
            tx.rollback();
        }
        write("t", "1");
        relay("node-a", 10, this::take).relay();
        assertEquals(List.of("t:1"), appended);
    }

    private OutboxRelay relay(String node, int batch, Function<EventDraft, CompletionStage<?>> log) {
        return new OutboxRelay(db, node, LEASE, batch, Duration.ofSeconds(5), log, clock::get);
    }

    /** Rows of (tenant, type) pairs, each committed on its own. */
    private void write(String... tenantsAndTypes) throws SQLException {
        try (Connection c = db.getConnection()) {
            for (int i = 0; i < tenantsAndTypes.length; i += 2) {
                OutboxTable.insert(c, new EventDraft(tenantsAndTypes[i], tenantsAndTypes[i + 1], null, null, "{}", null), clock.get());
            }
        }
    }

    private CompletionStage<?> take(EventDraft d) {
        appended.add(d.tenant() + ":" + d.type());
        return CompletableFuture.completedFuture(null);
    }

    private static CompletionStage<?> refuse() {
        return CompletableFuture.failedFuture(new LogUnavailableException("redis unreachable"));
    }
}
