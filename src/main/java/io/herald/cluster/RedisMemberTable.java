package io.herald.cluster;

import io.herald.concurrency.ContainerThreads;
import io.herald.presence.Member;
import io.herald.presence.MemberTable;
import io.herald.presence.Presence;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The cluster-wide {@link MemberTable} on Redis: one Lua script ({@code presence.lua}, next to this class), of which
 * every call is one atomic step of Redis, on the keys under {@code <prefix>presence:} that the script describes. The
 * script publishes each real change it makes on {@code <prefix>presence} in the same step, so the changes reach every
 * node in the one order Redis made them; this class hands each to {@link Presence.Changes} on a thread of its own, in
 * that order ({@code decidedHere} when this node's call made it). A node's entries are bound to its lease (the zset
 * {@code <prefix>presence:nodes}, Redis time); the node's name is the stream reader's, random per start, so a node
 * that restarts never takes back the entries of its former life: they expire with that life's lease.
 * <p>
 * A change published while this node's pub/sub connection is down is not told here (presence frames are not events,
 * never replayed: a client that reconnects asks for the members again). Thread-safe; calls block up to
 * {@code herald.redis.timeout}.
 */
@ApplicationScoped
@Typed(RedisMemberTable.class)
public class RedisMemberTable implements MemberTable {

    private static final System.Logger LOG = System.getLogger(RedisMemberTable.class.getName());
    private static final String SCRIPT = script();
    /** Expired nodes and due leaves handled per sweep: the script runs as one step, so it is kept short. */
    private static final int SWEEP_BATCH = 1000;

    @Inject
    ClusterSettings settings;

    @Inject
    RedisConnections redis;

    @Inject
    StreamReader reader;

    @Inject
    Presence.Changes changes;

    /** The container's, looked up at first use unless a test set it (ContainerThreads: not @Resource). */
    ManagedThreadFactory threads;

    private volatile String sha;
    private ExecutorService teller;

    @Override
    public Added add(Entry e, JsonObject meta) {
        long r = (Long) run(ScriptOutputType.INTEGER, "add", e.tenant(), scope(e.scope()), e.user(), e.connection(), meta.toString());
        return r < 0 ? Added.NO_LEASE : r == 1 ? Added.JOINED : Added.KNOWN;
    }

    @Override
    public boolean remove(Entry e, Duration grace) {
        return (Long) run(ScriptOutputType.INTEGER, "remove", e.tenant(), scope(e.scope()), e.user(), e.connection(),
                Long.toString(grace.toMillis())) == 1;
    }

    @Override
    public void expireDue() {
        run(ScriptOutputType.INTEGER, "due", Integer.toString(SWEEP_BATCH));
    }

    @Override
    public boolean renew(Duration deadline) {
        return (Long) run(ScriptOutputType.INTEGER, "renew", Long.toString(deadline.toMillis())) == 1;
    }

    @Override
    public void resync(Map<Entry, JsonObject> entries, Duration grace) {
        List<String> args = new ArrayList<>(1 + 5 * entries.size());
        args.add(Long.toString(grace.toMillis()));
        entries.forEach((e, meta) -> args.addAll(List.of(e.tenant(), scope(e.scope()), e.user(), e.connection(), meta.toString())));
        run(ScriptOutputType.INTEGER, "resync", args.toArray(String[]::new));
    }

    @Override
    public void sweep() {
        long dead = (Long) run(ScriptOutputType.INTEGER, "sweep", Integer.toString(SWEEP_BATCH));
        if (dead > 0) {
            LOG.log(System.Logger.Level.INFO, "presence: the entries of {0} node(s) whose lease ran out removed", dead);
        }
    }

    @Override
    public void release(Duration grace) {
        run(ScriptOutputType.INTEGER, "release", Long.toString(grace.toMillis()));
    }

    @Override
    public List<Member> members(String tenant, String scope) {
        List<Object> flat = run(ScriptOutputType.MULTI, "members", tenant, scope(scope));
        List<Member> members = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            members.add(new Member((String) flat.get(i), Integer.parseInt((String) flat.get(i + 2)), json((String) flat.get(i + 1))));
        }
        members.sort(Comparator.comparing(Member::user));
        return List.copyOf(members);
    }

    /** Listens on the presence channel; Lettuce subscribes again by itself after a reconnect. */
    void subscribe(StatefulRedisPubSubConnection<String, String> connection) {
        ExecutorService ordered = teller(); // here, on a managed thread: Lettuce's has no java:comp (WildFly refuses the lookup)
        String channel = settings.presenceChannel();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    ordered.execute(() -> tell(message)); // off Lettuce's thread: a change may lead to a close, which calls Redis
                }
            }
        });
        connection.sync().subscribe(channel);
    }

    private void tell(String message) {
        try {
            JsonObject m = json(message);
            String scope = m.getString("s");
            String tenant = m.getString("t");
            String user = m.getString("u");
            boolean here = reader.node().equals(m.getString("o"));
            if ("join".equals(m.getString("k"))) {
                changes.joined(tenant, scope.isEmpty() ? null : scope, user, json(m.getString("m")), here);
            } else {
                changes.left(tenant, scope.isEmpty() ? null : scope, user, here);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "presence change not told: " + e);
        }
    }

    private synchronized ExecutorService teller() {
        if (teller == null) {
            if (threads == null) {
                threads = ContainerThreads.factory();
            }
            teller = ContainerThreads.timer(threads); // one thread: the changes in Redis's order
        }
        return teller;
    }

    @PreDestroy
    synchronized void stop() {
        if (teller != null) {
            teller.shutdown();
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T run(ScriptOutputType type, String op, String... args) {
        StatefulRedisConnection<String, String> c = redis.commands();
        if (c == null) {
            throw new Presence.Unavailable("Redis is unreachable", null);
        }
        String[] argv = new String[args.length + 3];
        argv[0] = op;
        argv[1] = settings.keyPrefix();
        argv[2] = reader.node();
        System.arraycopy(args, 0, argv, 3, args.length);
        RedisCommands<String, String> sync = c.sync();
        try {
            if (sha == null) {
                sha = sync.digest(SCRIPT);
            }
            try {
                return (T) sync.evalsha(sha, type, new String[0], argv);
            } catch (RedisNoScriptException e) { // Redis restarted without it: EVAL loads it again
                return (T) sync.eval(SCRIPT, type, new String[0], argv);
            }
        } catch (RedisException e) {
            throw new Presence.Unavailable("presence in Redis failed: " + e.getMessage(), e);
        }
    }

    private static String scope(String scope) {
        return scope == null ? "" : scope;
    }

    private static JsonObject json(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    private static String script() {
        try (InputStream in = RedisMemberTable.class.getResourceAsStream("presence.lua")) {
            if (in == null) {
                throw new IllegalStateException("presence.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
