package io.herald.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node's Redis connections, three and no more: one multiplexed connection for every command (appends, replays,
 * publishes: Lettuce pipelines them, so there is no pool to size), one for the {@link StreamReader}'s blocking
 * {@code XREAD}, one for the pub/sub subscription. Lettuce's own I/O threads are bounded to two.
 * <p>
 * Faults: commands are rejected at once while a connection is down (never queued to run later, so an append either
 * is in Redis or fails); Lettuce reconnects an established connection by itself, backing off from 100 ms to 5 s; the
 * first connection is made by {@link #connect}, which the reader retries with its own backoff. Thread-safe.
 */
@ApplicationScoped
public class RedisConnections {

    private static final int IO_THREADS = 2;
    private static final Duration RECONNECT_FIRST = Duration.ofMillis(100);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_QUIET = Duration.ofMillis(200);

    @Inject
    ClusterSettings settings;

    private ClientResources resources;
    private RedisClient client;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisConnection<String, String> reader;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;

    /**
     * Makes the connections not made yet. Blocks up to the timeout per connection.
     *
     * @param subscriber set up on the pub/sub connection once it is made (Lettuce subscribes again after a reconnect)
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     */
    synchronized void connect(Consumer<StatefulRedisPubSubConnection<String, String>> subscriber) {
        if (client == null) {
            resources = DefaultClientResources.builder().ioThreadPoolSize(IO_THREADS).computationThreadPoolSize(IO_THREADS)
                    .reconnectDelay(Delay.exponential(RECONNECT_FIRST, RECONNECT_MAX, 2, TimeUnit.MILLISECONDS)).build();
            client = RedisClient.create(resources, uri());
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).keepAlive(true).build())
                    .build());
        }
        if (commands == null) {
            commands = client.connect(StringCodec.UTF8);
        }
        if (reader == null) {
            StatefulRedisConnection<String, String> r = client.connect(StringCodec.UTF8);
            r.setTimeout(settings.timeout().plus(StreamReader.BLOCK)); // XREAD BLOCK waits that long by design
            reader = r;
        }
        if (pubSub == null) {
            StatefulRedisPubSubConnection<String, String> p = client.connectPubSub(StringCodec.UTF8);
            subscriber.accept(p);
            pubSub = p;
        }
    }

    private RedisURI uri() {
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(settings.timeout());
        if (uri.getPassword() == null && settings.password().isPresent()) {
            uri.setUsername(settings.username().orElse(null));
            uri.setPassword(settings.password().get().toCharArray());
        }
        return uri;
    }

    /** @return the command connection while it is up, else null (the caller fails fast: nothing is queued) */
    StatefulRedisConnection<String, String> commands() {
        StatefulRedisConnection<String, String> c = commands;
        return c != null && c.isOpen() ? c : null;
    }

    /** @return the reader's connection, null before {@link #connect} made it */
    StatefulRedisConnection<String, String> reader() {
        return reader;
    }

    /** @return true while the command and reader connections are up */
    boolean up() {
        StatefulRedisConnection<String, String> r = reader;
        return commands() != null && r != null && r.isOpen();
    }

    @PreDestroy
    synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[]{pubSub, reader, commands}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
        if (client != null) { // a short quiet period: Netty rejects (and logs) notifications still due at once
            client.shutdown(SHUTDOWN_QUIET, settings.timeout());
            resources.shutdown(SHUTDOWN_QUIET.toMillis(), settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
