/**
 * Scale-out ({@code herald.cluster}): which event log and which node-to-node signals a node uses. {@code local} (the
 * default) is one node: {@code log.MemoryEventLog} and no signals. {@code redis} shares one Redis Stream per tenant
 * between every node as THE ordered log ({@link io.herald.cluster.RedisEventLog}: the stream entry id is the event id,
 * so ids agree on every node and a resume works on any node and after a full restart), each node follows the streams
 * ({@link io.herald.cluster.StreamReader}) and tells its own delivery of every event in id order, and signals
 * (revocations) reach every node by Redis pub/sub ({@link io.herald.cluster.RedisSignals}). {@code hazelcast} does the
 * same on Payara's embedded Hazelcast ({@link io.herald.cluster.HazelcastEventLog}): a ringbuffer per tenant (its
 * sequence in the id), a reader per tenant on every node, a topic for the signals; only
 * {@code HazelcastMember} names Hazelcast's types, which a server other than Payara lacks. Owns the Redis connections.
 * Presence across nodes: {@code presence.SharedPresence} over {@link io.herald.cluster.RedisMemberTable} (one atomic
 * Lua script, per-node leases) or {@link io.herald.cluster.HazelcastMemberTable} (a lock per scope, entries bound to
 * the Hazelcast member; {@code HazelcastMemberEntries}, the other class that names Hazelcast's types). Depends
 * on {@code log}, {@code presence} (it implements their interfaces) and {@code concurrency}, never the other way.
 */
package io.herald.cluster;
