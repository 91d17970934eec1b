package io.herald.cluster;

import io.herald.log.EventDraft;
import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LogUnavailableException;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster-wide event log on Redis ({@code herald.cluster=redis}): one stream per tenant
 * ({@code <prefix>events:<tenant>}), appended with {@code XADD ... MAXLEN ~ herald.replay.max-events}; the entry id
 * Redis gives ({@code <ms>-<seq>}) is the event id, the same on every node and after every restart. An append
 * completes once this node's {@link StreamReader} has read the entry back and told delivery of it (so the receipt's
 * recipients are this node's, as with the local log); a replay is an {@code XRANGE} after the id, a reset when Redis
 * trimmed entries after it ({@code XINFO STREAM}'s {@code max-deleted-entry-id}, Redis 7.0+).
 * <p>
 * Faults: while Redis cannot be reached an append fails at once with {@link LogUnavailableException} (nothing was
 * appended); an append Redis took but that was not read back within the wait fails the same way although the event
 * exists (at least once: a retry may append it twice). A replay while Redis cannot be reached answers a reset.
 * Thread-safe; never blocks in {@link #append}; {@link #since} waits for Redis up to {@code herald.redis.timeout}.
 */
@ApplicationScoped
@Typed(RedisEventLog.class)
public class RedisEventLog implements EventLog {

    static final String TENANT = "tenant";
    /** Entries kept in the stream that announces new tenants (each node reads it from its start on). */
    private static final long NEW_TENANTS_KEPT = 10_000;

    @Inject
    ClusterSettings settings;

    @Inject
    RedisConnections redis;

    @Inject
    StreamReader reader;

    /** Tenants this node knows to be in the tenants set (and announced): saves a SADD per append. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<Appended> append(EventDraft d) {
        StatefulRedisConnection<String, String> c = redis.commands();
        if (c == null || !reader.following()) {
            return CompletableFuture.failedFuture(unreachable());
        }
        long published = System.nanoTime();
        CompletableFuture<Appended> told = new CompletableFuture<>();
        String origin = reader.pending().expect(told, published);
        Map<String, String> body = LogEntries.of(d, origin);
        RedisAsyncCommands<String, String> async = c.async();
        register(async, d.tenant())
                .thenCompose(x -> async.xadd(settings.streamKey(d.tenant()),
                        XAddArgs.Builder.maxlen(settings.maxEvents()).approximateTrimming(), body))
                .whenComplete((id, failure) -> {
                    if (failure != null) {
                        PendingAppends.refused(told, "Redis", failure);
                    }
                });
        return reader.pending().awaited(origin, told, settings.timeout().multipliedBy(2).plus(StreamReader.BLOCK), "Redis");
    }

    /** Puts the tenant in the tenants set and, when it is new there, announces it to every node's reader. */
    private CompletionStage<?> register(RedisAsyncCommands<String, String> async, String tenant) {
        if (registered.contains(tenant)) {
            return CompletableFuture.completedFuture(null);
        }
        return async.sadd(settings.tenantsKey(), tenant)
                .thenCompose(added -> added == 1
                        ? async.xadd(settings.newTenantsKey(), XAddArgs.Builder.maxlen(NEW_TENANTS_KEPT).approximateTrimming(),
                        Map.of(TENANT, tenant))
                        : CompletableFuture.completedFuture(null))
                .thenRun(() -> registered.add(tenant));
    }

    @Override
    public EventId head(String tenant) {
        return reader.head(tenant);
    }

    @Override
    public EventId listenedAfter(String tenant) {
        return reader.listenedAfter(tenant);
    }

    @Override
    public boolean available() {
        return redis.commands() != null && reader.following();
    }

    @Override
    public Replay since(String tenant, EventId since) {
        StatefulRedisConnection<String, String> c = redis.commands();
        if (c == null) {
            return new Replay.Reset(since.toString(), null); // cannot tell what was missed: the client reloads
        }
        String key = settings.streamKey(tenant);
        RedisFuture<List<Object>> info = c.async().xinfoStream(key);
        RedisFuture<List<StreamMessage<String, String>>> range = c.async()
                .xrange(key, Range.from(Range.Boundary.excluding(since.toString()), Range.Boundary.unbounded()));
        return LogEntries.readOrReset(since, () -> {
            List<StreamMessage<String, String>> entries = range.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            EventId deleted = maxDeleted(info);
            if (deleted != null && deleted.isAfter(since)) {
                return new Replay.Reset(since.toString(), entries.isEmpty() ? null : entries.get(0).getId());
            }
            List<LoggedEvent> events = new ArrayList<>(entries.size());
            long now = System.nanoTime();
            for (StreamMessage<String, String> m : entries) {
                events.add(LogEntries.event(tenant, EventId.parse(m.getId()), m.getBody(), now));
            }
            return new Replay.Events(events);
        });
    }

    /** @return the highest id Redis trimmed from the stream, null when none (or the stream does not exist yet) */
    private EventId maxDeleted(RedisFuture<List<Object>> info) throws InterruptedException, TimeoutException {
        List<Object> fields;
        try {
            fields = info.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) { // ERR no such key: nothing was ever appended, nothing trimmed
            return null;
        }
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if ("max-deleted-entry-id".equals(String.valueOf(fields.get(i)))) {
                EventId id = EventId.parse(String.valueOf(fields.get(i + 1)));
                return id.equals(EventId.ZERO) ? null : id;
            }
        }
        throw new IllegalStateException("XINFO STREAM has no max-deleted-entry-id: Herald needs Redis 7.0 or later");
    }

    private static LogUnavailableException unreachable() {
        return new LogUnavailableException("the event log (Redis) is unreachable; retry later");
    }
}
