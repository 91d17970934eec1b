package io.herald.cluster;

import io.herald.concurrency.ContainerThreads;
import io.herald.presence.Member;
import io.herald.presence.MemberTable;
import io.herald.presence.Presence;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide {@link MemberTable} on Payara's embedded Hazelcast ({@code herald.cluster=hazelcast}): the CDI face
 * of {@link HazelcastMemberEntries}, which does the work on the member {@link HazelcastEventLog} joined (a lock per
 * scope for each step, the changes on a globally ordered topic, a node's entries bound to its Hazelcast member and
 * swept by the survivors when the member leaves the cluster). Names no Hazelcast type, so that CDI can read it on a
 * server without Hazelcast. {@link #start} once, after the log started, on the deploying thread. Thread-safe.
 */
@ApplicationScoped
@Typed(HazelcastMemberTable.class)
public class HazelcastMemberTable implements MemberTable {

    @Inject
    HazelcastEventLog log;

    @Inject
    Presence.Changes changes;

    private volatile HazelcastMemberEntries entries;

    /** Joins the table and listens to its changes and to the cluster's members; idempotent. */
    synchronized void start() {
        if (entries == null) {
            entries = log.memberEntries(ContainerThreads.factory(), changes);
        }
    }

    private HazelcastMemberEntries entries() {
        HazelcastMemberEntries e = entries;
        if (e == null) {
            throw new Presence.Unavailable("presence on Hazelcast is not started yet", null);
        }
        return e;
    }

    @Override
    public Added add(Entry entry, JsonObject meta) {
        return entries().add(entry, meta);
    }

    @Override
    public boolean remove(Entry entry, Duration grace) {
        return entries().remove(entry, grace);
    }

    @Override
    public void expireDue() {
        entries().expireDue();
    }

    /** No lease to extend (entries live as long as the member): false when this node is not in the table (yet, or any longer). */
    @Override
    public boolean renew(Duration deadline) {
        return entries().renew();
    }

    @Override
    public void resync(Map<Entry, JsonObject> own, Duration grace) {
        entries().resync(own, grace);
    }

    @Override
    public void sweep() {
        entries().sweep();
    }

    @Override
    public void release(Duration grace) {
        entries().release(grace);
    }

    @Override
    public List<Member> members(String tenant, String scope) {
        return entries().members(tenant, scope);
    }

    @PreDestroy
    synchronized void stop() {
        if (entries != null) {
            entries.leave();
        }
    }
}
