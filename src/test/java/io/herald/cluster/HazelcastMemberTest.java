package io.herald.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.herald.TestThreads;
import io.herald.log.EventDraft;
import io.herald.log.EventId;
import io.herald.log.EventLog;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hazelcast log's ids, fan-out and replay rules on two real Hazelcast members in this JVM (TCP/IP on the
 * loopback, no multicast), with ringbuffers of {@value #CAPACITY} events so that overwriting is quick to reach.
 * The same members serve every test; each test has a tenant of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HazelcastMemberTest {

    static final int CAPACITY = 5;
    static final Duration WAIT = Duration.ofSeconds(20);

    HazelcastInstance hzA;
    HazelcastInstance hzB;
    HazelcastMember a;
    HazelcastMember b;
    final BlockingQueue<LoggedEvent> toldOnA = new LinkedBlockingQueue<>();
    final BlockingQueue<LoggedEvent> toldOnB = new LinkedBlockingQueue<>();

    @BeforeAll
    void startTwoMembers() throws IOException {
        int portA = freePort();
        int portB = freePort();
        String name = "herald-test-" + UUID.randomUUID();
        hzA = Hazelcast.newHazelcastInstance(config(name, portA, portB));
        hzB = Hazelcast.newHazelcastInstance(config(name, portB, portA));
        assertEquals(2, hzA.getCluster().getMembers().size(), "one cluster of two members");
        a = member(hzA, toldOnA);
        b = member(hzB, toldOnB);
    }

    private static HazelcastMember member(HazelcastInstance hz, BlockingQueue<LoggedEvent> told) {
        EventLog.Listener listener = e -> {
            told.add(e);
            return 1;
        };
        return new HazelcastMember(hz, CAPACITY, Duration.ofSeconds(5), TestThreads.daemons("herald-hz-test"),
                () -> listener, s -> { });
    }

    /** A member on 127.0.0.1:{@code port} that joins the members at {@code others} (TCP/IP, no multicast). */
    static Config config(String clusterName, int port, int... others) {
        Config c = new Config().setClusterName(clusterName).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk");
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        for (int other : others) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + other);
        }
        return c;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    void stop() {
        for (HazelcastMember m : new HazelcastMember[]{a, b}) {
            if (m != null) {
                m.leave();
            }
        }
        for (HazelcastInstance hz : new HazelcastInstance[]{hzA, hzB}) {
            if (hz != null) {
                hz.shutdown();
            }
        }
    }

    private static EventId append(HazelcastMember on, String tenant, String type) throws Exception {
        return on.append(new EventDraft(tenant, type, null, null, "{}")).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS).event().id();
    }

    private static List<EventId> next(BlockingQueue<LoggedEvent> told, String tenant, int n) throws InterruptedException {
        List<EventId> ids = new ArrayList<>();
        while (ids.size() < n) {
            LoggedEvent e = told.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(e, "told of " + n + " events of " + tenant + " within " + WAIT + ", got " + ids);
            if (e.tenant().equals(tenant)) {
                ids.add(e.id());
            }
        }
        return ids;
    }

    @Test
    void appendsOnBothMembersGetOneIdSequenceThatEveryMemberIsToldInOrder() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        List<EventId> appended = List.of(append(a, tenant, "one"), append(b, tenant, "two"), append(a, tenant, "three"));
        assertEquals(appended, next(toldOnA, tenant, 3));
        assertEquals(appended, next(toldOnB, tenant, 3));
        assertEquals(appended.get(0).epoch(), appended.get(2).epoch(), "one epoch per tenant");
        assertEquals(List.of(1L, 2L, 3L), appended.stream().map(EventId::sequence).toList());
        assertEquals(appended.get(2), a.head(tenant));
        Replay fromB = b.since(tenant, appended.get(0));
        assertEquals(appended.subList(1, 3), ((Replay.Events) fromB).events().stream().map(LoggedEvent::id).toList(),
                "a replay on the other member from the first id");
        assertEquals("two", ((Replay.Events) fromB).events().get(0).type());
    }

    @Test
    void aResumePointTheRingbufferOverwroteGetsAResetWithTheOldestKeptId() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        List<EventId> ids = new ArrayList<>();
        for (int i = 0; i < CAPACITY + 3; i++) {
            ids.add(append(i % 2 == 0 ? a : b, tenant, "tick"));
        }
        Replay tooOld = b.since(tenant, ids.get(1)); // its next event (ids[2]) was overwritten: ids[3] is the oldest kept
        Replay.Reset reset = assertInstanceOf(Replay.Reset.class, tooOld);
        assertEquals(ids.get(3).toString(), reset.oldest());
        assertInstanceOf(Replay.Reset.class, a.since(tenant, EventId.ZERO), "from the start, after overwriting");

        Replay kept = b.since(tenant, ids.get(2));
        assertEquals(ids.subList(3, ids.size()), ((Replay.Events) kept).events().stream().map(LoggedEvent::id).toList(),
                "the oldest resume point still answered with events");
    }

    @Test
    void idsOfAnotherEpochOrBeyondTheTailAreResetAndAnUnknownTenantHasNothingToReplay() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        EventId id = append(a, tenant, "one");
        assertInstanceOf(Replay.Reset.class, b.since(tenant, new EventId(id.epoch() - 1, id.sequence())),
                "an id of a log lost with an earlier cluster");
        assertInstanceOf(Replay.Reset.class, b.since(tenant, new EventId(id.epoch(), id.sequence() + 5)));
        assertEquals(List.of(id), ((Replay.Events) b.since(tenant, EventId.ZERO)).events().stream().map(LoggedEvent::id).toList());
        assertTrue(((Replay.Events) a.since("never-" + UUID.randomUUID(), EventId.ZERO)).events().isEmpty());
        assertInstanceOf(Replay.Reset.class, a.since("never-" + UUID.randomUUID(), id));
    }
}
