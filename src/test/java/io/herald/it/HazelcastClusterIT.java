package io.herald.it;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 27, acceptance 5 (its points 1 to 3): the {@link TwoNodeClusterTests} on two stock Payara Micro nodes with
 * {@code herald.cluster=hazelcast}, clustered by Payara's embedded Hazelcast over TCP/IP on the loopback (free
 * ports, no multicast), no Redis. Payara only: the wildfly profile excludes it (WildFly has no Hazelcast; what
 * {@code hazelcast} does there is a failed deployment, the last test shows the same on a Payara Micro without one).
 */
class HazelcastClusterIT extends TwoNodeClusterTests {

    static final Path DIR = ClusterIT.DIR.resolveSibling("hazelcast-cluster-it");
    static final Duration READY = Duration.ofSeconds(60);

    Path war;

    @BeforeAll
    void startCluster() throws Exception {
        ClusterIT.StockDirs.delete(DIR);
        Files.createDirectories(DIR);
        war = DIR.resolve("herald.war");
        clusterWar(Map.of("herald.cluster", "hazelcast")).as(ZipExporter.class).exportTo(war.toFile(), true);
        int portA = HeraldNode.freePort();
        int portB = HeraldNode.freePort();
        String members = "tcpip:127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        String name = "herald-it-" + UUID.randomUUID(); // never joins another run's cluster
        a = new HeraldNode(war, DIR.resolve("node-a"), 0, hazelcast(members, name, portA));
        b = new HeraldNode(war, DIR.resolve("node-b"), 0, hazelcast(members, name, portB));
        a.start();
        b.start();
        a.awaitUp();
        b.awaitUp();
        assertTrue(a.awaitReadiness(200, READY) && b.awaitReadiness(200, READY), "both nodes ready on Hazelcast");
        assertTrue(a.console().contains("DG Size: 2") || b.console().contains("DG Size: 2"),
                "the two nodes formed one Hazelcast cluster");
    }

    /** {@code --nohostaware}: both nodes are on 127.0.0.1, and host-aware partitioning would keep no backups. */
    private static List<String> hazelcast(String members, String clusterName, int port) {
        return List.of("--clustermode", members, "--interfaces", "127.0.0.1", "--startport", Integer.toString(port),
                "--clustername", clusterName, "--nohostaware");
    }

    @AfterAll
    void stopCluster() {
        for (HeraldNode n : new HeraldNode[]{a, b}) {
            if (n != null) {
                n.close();
            }
        }
    }

    /**
     * Acceptance 3: node B is killed ({@code kill -9}) while a client reads there and two members of a room are
     * connected there only; Hazelcast removes B's member, A sweeps B's entries: each member leaves once, within
     * {@link #LEASE}, decided on A; A stays ready, the events whose ringbuffer B owned are on A (the backup), and the
     * client resumes on A with every event once, in order. Kills B: runs last.
     */
    @Test
    @Order(20)
    void whenBIsKilledItsMembersLeaveOnceEachAndItsReaderResumesOnAWithNothingLost() throws Exception {
        String tenant = "hz-kill-" + UUID.randomUUID();
        int total = 200;
        List<String> published = new java.util.ArrayList<>();
        List<String> received = new java.util.ArrayList<>();
        try (MembersOnB members = new MembersOnB(tenant);
             WsClient onB = WsClient.connect(b.base(), Tokens.user(tenant, "reader"))) {
            for (int i = 0; i < total; i++) {
                published.add(Api.publish(i % 2 == 0 ? a.base() : b.base(), tenant, "{\"type\":\"tick\"}").getString("id"));
            }
            while (received.size() < total / 4) {
                received.add(onB.nextEvent().getString("id"));
            }
            long killed = System.nanoTime();
            b.kill();
            members.assertLeftOnceEachWithin(LEASE, killed);
        }
        assertTrue(a.awaitReadiness(200, READY), "A ready without B");
        String last = received.get(received.size() - 1);
        // the ticks and what follows, not the markers the presence check published meanwhile
        try (WsClient onA = WsClient.connect(a.base(), Tokens.user(tenant, "reader"), "since=" + last, "types=tick,after.kill")) {
            while (received.size() < total) {
                received.add(onA.nextEvent().getString("id"));
            }
            String after = Api.publish(a.base(), tenant, "{\"type\":\"after.kill\"}").getString("id");
            assertEquals(after, onA.nextEvent().getString("id"), "live delivery goes on");
        }
        assertEquals(published, received, "every event, in order, once");
    }

    /**
     * A server without Payara's Hazelcast (here Payara Micro with --nohazelcast; WildFly alike) fails the deployment.
     * ({@code --nocluster} is not that: Payara still runs its Hazelcast there, as a cluster of one.)
     */
    @Test
    @Order(10)
    void withoutAHazelcastMemberTheDeploymentFailsAndSaysWhy() throws Exception {
        try (HeraldNode alone = new HeraldNode(war, DIR.resolve("node-alone"), 0, List.of("--nohazelcast"))) {
            alone.start();
            assertThrows(IllegalStateException.class, alone::awaitUp);
            assertTrue(alone.console().contains("herald.cluster=hazelcast needs Payara's embedded Hazelcast"),
                    "the reason is in the server's log");
        }
    }
}
