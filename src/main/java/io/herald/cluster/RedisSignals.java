package io.herald.cluster;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;

/**
 * {@link Signals} over Redis pub/sub, on the channel {@code <prefix>signals}: a JSON message naming the sending node,
 * which ignores its own. Received signals are fired as CDI events on Lettuce's thread; observers must not block.
 */
@ApplicationScoped
@Typed(RedisSignals.class)
public class RedisSignals implements Signals {

    private static final System.Logger LOG = System.getLogger(RedisSignals.class.getName());

    @Inject
    ClusterSettings settings;

    @Inject
    RedisConnections redis;

    @Inject
    StreamReader reader;

    @Inject
    Event<Signal> received;

    @Override
    public void toOtherNodes(Signal s) {
        StatefulRedisConnection<String, String> c = redis.commands();
        if (c == null) {
            LOG.log(System.Logger.Level.WARNING, "signal {0} not sent to the other nodes: Redis is unreachable", s.topic());
            return;
        }
        String message = Json.createObjectBuilder().add("node", reader.node()).add("topic", s.topic())
                .add("tenant", s.tenant()).add("subject", s.subject()).build().toString();
        c.async().publish(settings.signalsChannel(), message).whenComplete((n, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "signal {0} not sent to the other nodes: {1}", s.topic(), failure.toString());
            }
        });
    }

    /** Listens on the signals channel; Lettuce subscribes again by itself after a reconnect. */
    void subscribe(StatefulRedisPubSubConnection<String, String> connection) {
        String channel = settings.signalsChannel();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) { // the connection carries presence's channel too
                    receive(message);
                }
            }
        });
        connection.sync().subscribe(channel);
    }

    private void receive(String message) {
        try {
            JsonObject m = Json.createReader(new StringReader(message)).readObject();
            if (!reader.node().equals(m.getString("node"))) {
                received.fire(new Signal(m.getString("topic"), m.getString("tenant"), m.getString("subject")));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "signal not handled: " + e);
        }
    }
}
