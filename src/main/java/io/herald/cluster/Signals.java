package io.herald.cluster;

/**
 * Sends {@link Signal}s to the other nodes of the cluster: nothing with {@code herald.cluster=local}, Redis pub/sub
 * with {@code redis}, a Hazelcast topic with {@code hazelcast}. Thread-safe; never blocks.
 */
public interface Signals {

    /** Sends the signal to every other node, if there are any; failures are logged, never thrown. */
    void toOtherNodes(Signal signal);
}
