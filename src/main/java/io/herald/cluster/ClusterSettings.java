package io.herald.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/** The {@code herald.cluster}, {@code herald.redis.*} and {@code herald.hazelcast.*} configuration, read once. Immutable after injection; read it through its methods (a
 * CDI proxy has no field values). */
@ApplicationScoped
public class ClusterSettings {

    /** The backends {@code herald.cluster} names. */
    enum Backend { LOCAL, REDIS, HAZELCAST }

    /** {@code herald.cluster}: {@code local} (one node, the default), {@code redis} or {@code hazelcast}. */
    @Inject
    @ConfigProperty(name = "herald.cluster", defaultValue = "local")
    String mode;

    /** {@code redis://[user:password@]host:port[/db]}, or {@code rediss://} for TLS (the JVM's trust store). */
    @Inject
    @ConfigProperty(name = "herald.redis.url", defaultValue = "redis://127.0.0.1:6379")
    String url;

    /** Credentials kept out of the URL (either may be absent); the URL's win when both are given. */
    @Inject
    @ConfigProperty(name = "herald.redis.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "herald.redis.password")
    Optional<String> password;

    /** Connect and command timeout: an append that Redis has not answered by then is a 503. */
    @Inject
    @ConfigProperty(name = "herald.redis.timeout", defaultValue = "PT2S")
    Duration timeout;

    /** Prefix of every key and channel Herald uses, so that several Herald clusters can share one Redis. */
    @Inject
    @ConfigProperty(name = "herald.redis.key-prefix", defaultValue = "herald:")
    String keyPrefix;

    /**
     * How long a Hazelcast append may take to be read back by this node (and a replay to be read): past it, a 503.
     */
    @Inject
    @ConfigProperty(name = "herald.hazelcast.timeout", defaultValue = "PT5S")
    Duration hazelcastTimeout;

    /**
     * Events kept per tenant stream ({@code XADD ... MAXLEN ~}; the Hazelcast ringbuffers' capacity): the same bound
     * as the local log's replay.
     */
    @Inject
    @ConfigProperty(name = "herald.replay.max-events", defaultValue = "10000")
    int maxEvents;

    /** @return the URL with any password masked, for logs */
    String safeUrl() {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    String url() {
        return url;
    }

    Optional<String> username() {
        return username;
    }

    Optional<String> password() {
        return password;
    }

    Duration timeout() {
        return timeout;
    }

    int maxEvents() {
        return maxEvents;
    }

    Duration hazelcastTimeout() {
        return hazelcastTimeout;
    }

    /** @throws IllegalArgumentException when {@code herald.cluster} names no backend */
    Backend backend() {
        return switch (mode.trim()) {
            case "local" -> Backend.LOCAL;
            case "redis" -> Backend.REDIS;
            case "hazelcast" -> Backend.HAZELCAST;
            default -> throw new IllegalArgumentException("herald.cluster must be local, redis or hazelcast, not '" + mode + "'");
        };
    }

    String streamKey(String tenant) {
        return keyPrefix + "events:" + tenant;
    }

    String tenantOf(String streamKey) {
        return streamKey.substring(keyPrefix.length() + "events:".length());
    }

    /** The set of every tenant that has a stream. */
    String tenantsKey() {
        return keyPrefix + "tenants";
    }

    /** A stream with one entry per new tenant: it wakes every node's reader to follow the tenant's stream too. */
    String newTenantsKey() {
        return keyPrefix + "tenants:new";
    }

    String signalsChannel() {
        return keyPrefix + "signals";
    }

    /** Presence's keys are {@code <prefix>presence:*} (presence.lua builds them); its changes go out on this channel. */
    String presenceChannel() {
        return keyPrefix + "presence";
    }

    String keyPrefix() {
        return keyPrefix;
    }
}
