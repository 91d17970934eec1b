package io.herald.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long polling ({@code GET /api/v1/poll}): the socket's envelope and ids, filters, {@code wait}, one poll at a time,
 * {@code since} into the first answer, actions, and the close frames a revocation and the idle timeout leave for
 * the next poll (then 404), beside a session that keeps polling and keeps receiving.
 */
@ExtendWith(ArquillianExtension.class)
class PollIT {

    static final int IDLE_SECONDS = 3;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war(Map.of("herald.poll.idle-timeout", "PT" + IDLE_SECONDS + "S"));
    }

    @Test
    void aPollGetsWhatTheSocketGetsWithTheSameEnvelopeAsSoonAsItIsPublishedOrNothingAfterWait() throws Exception {
        String tenant = "poll-" + UUID.randomUUID();
        PollClient poll = PollClient.open(base, Tokens.user(tenant, "p"), "rooms=r1", "types=a.*");
        assertEquals("poll", poll.first.get(0).getString("transport"), poll.first.toString());
        try (WsClient ws = WsClient.connect(base, Tokens.user(tenant, "w"), "rooms=r1", "types=a.*")) {
            Api.publish(base, tenant, "{\"type\":\"b.x\",\"room\":\"r1\"}");
            Api.publish(base, tenant, "{\"type\":\"a.y\",\"room\":\"r2\"}");
            Api.publish(base, tenant, "{\"type\":\"a.x\",\"room\":\"r1\",\"data\":[1]}");
            List<JsonObject> frames = poll.poll(10);
            assertEquals(List.of(ws.nextEvent()), frames, "the socket's envelope, filtered alike");

            CompletableFuture<List<JsonObject>> waiting = CompletableFuture.supplyAsync(() -> poll.poll(20));
            int conflict = 0;
            for (int i = 0; i < 50 && conflict != 409; i++) { // until the first poll is parked
                conflict = poll.pollAnswer(0).status();
            }
            assertEquals(409, conflict, "one poll at a time");
            long published = System.nanoTime();
            String id = Api.publish(base, tenant, "{\"type\":\"a.z\"}").getString("id");
            List<JsonObject> woken = waiting.get(15, TimeUnit.SECONDS);
            assertEquals(id, woken.get(0).getString("id"));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published) < 5_000, "answered when published, not after wait");

            long start = System.nanoTime();
            assertEquals(List.of(), poll.poll(1));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 900, "[] after wait");
            assertEquals(400, poll.pollAnswer(31).status());
            assertEquals("bad_request", Api.get(base, "api/v1/poll?session=" + poll.session + "&wait=soon", Tokens.user(tenant, "p"))
                    .body().getString("error"));
        }
    }

    @Test
    void sinceReplaysIntoTheFirstAnswerAndATooOldOneGetsAReset() {
        String tenant = "poll-since-" + UUID.randomUUID();
        String id0 = Api.publish(base, tenant, "{\"type\":\"e0\"}").getString("id");
        String id1 = Api.publish(base, tenant, "{\"type\":\"e1\"}").getString("id");
        String id2 = Api.publish(base, tenant, "{\"type\":\"e2\"}").getString("id");
        PollClient poll = PollClient.open(base, Tokens.user(tenant, "p"), "since=" + id0);
        assertEquals(List.of("welcome", id1, id2), poll.first.stream()
                .map(f -> f.containsKey("id") ? f.getString("id") : f.getString("type")).toList());
        String id3 = Api.publish(base, tenant, "{\"type\":\"e3\"}").getString("id");
        assertEquals(id3, poll.poll(10).get(0).getString("id"), "then live, no gap, no duplicate");

        PollClient old = PollClient.open(base, Tokens.user(tenant, "p"), "since=1-1");
        assertEquals("reset", old.first.get(1).getString("type"), old.first.toString());
    }

    @Test
    void actionsOfAPollSessionAreAnsweredAndTheirEventsGoToThePoll() {
        String tenant = "poll-act-" + UUID.randomUUID();
        String e1 = Api.publish(base, tenant, "{\"type\":\"e1\"}").getString("id");
        String e2 = Api.publish(base, tenant, "{\"type\":\"e2\"}").getString("id");
        PollClient poll = PollClient.open(base, Tokens.user(tenant, "p"));
        Api.Answer resume = poll.act("{\"action\":\"resume\",\"since\":\"" + e1 + "\",\"ref\":\"r\"}");
        assertEquals(200, resume.status(), resume.toString());
        assertEquals("reply", resume.body().getString("type"));
        assertEquals(List.of(e2), poll.poll(10).stream().map(f -> f.getString("id")).toList(), "the replay is polled");

        Api.Answer join = poll.act("{\"action\":\"join\",\"room\":\"r1\",\"ref\":\"j\"}");
        assertEquals(List.of("r1"), join.body().getJsonObject("data").getJsonArray("rooms").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        String inRoom = Api.publish(base, tenant, "{\"type\":\"e3\",\"room\":\"r1\"}").getString("id");
        assertEquals(inRoom, poll.poll(10).get(0).getString("id"));
        Api.Answer badFrame = poll.act("{\"action\":\"fly\",\"ref\":\"f\"}");
        assertEquals(400, badFrame.status());
        assertEquals("bad_frame", badFrame.body().getString("error"));

        String other = Tokens.user("other-" + UUID.randomUUID(), "p");
        assertEquals(404, Api.get(base, "api/v1/poll?session=" + poll.session + "&wait=0", Tokens.user(tenant, "q")).status(), "another user's");
        assertEquals(404, Api.get(base, "api/v1/poll?session=" + poll.session + "&wait=0", other).status(), "another tenant's");
        assertEquals(404, Api.post(base, "api/v1/sessions/" + poll.session + "/actions", other, "{\"action\":\"info\"}").status());
        assertEquals(401, Api.get(base, "api/v1/poll?session=" + poll.session + "&wait=0", Tokens.expired(tenant, "p")).status());
        assertEquals(401, Api.get(base, "api/v1/poll", null).status(), "no credential, no session");
    }

    @Test
    void revocationAndTheIdleTimeoutLeaveTheirCloseFrameForTheNextPollThen404WhileAPollingSessionStays() {
        String tenant = "poll-end-" + UUID.randomUUID();
        PollClient revoked = PollClient.open(base, Tokens.user(tenant, "u"));
        PollClient idle = PollClient.open(base, Tokens.user(tenant, "i"));
        PollClient kept = PollClient.open(base, Tokens.user(tenant, "k"));

        assertEquals(1, Api.delete(base, "api/v1/sessions?user=u", Tokens.publisher(tenant)).body().getInt("closed"));
        JsonObject close = revoked.poll(5).get(0);
        assertEquals("close", close.getString("type"), close.toString());
        assertEquals(4401, close.getInt("code"));
        assertEquals(404, revoked.pollAnswer(0).status(), "then the session is gone");

        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(IDLE_SECONDS + 10);
        while (active(tenant) > 1 && System.nanoTime() < deadline) { // until the idle one is closed
            assertEquals(List.of(), kept.poll(1), "a session that keeps polling stays open");
        }
        assertEquals(1, active(tenant), "the idle session was closed");
        assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(IDLE_SECONDS) - TimeUnit.MILLISECONDS.toNanos(500),
                "not before herald.poll.idle-timeout");
        List<JsonObject> expired = idle.poll(5);
        assertEquals("close", expired.get(0).getString("type"), expired.toString());
        assertEquals(4408, expired.get(0).getInt("code"));
        assertEquals(404, idle.pollAnswer(0).status());

        String id = Api.publish(base, tenant, "{\"type\":\"still\"}").getString("id");
        assertEquals(id, kept.poll(10).get(0).getString("id"));
        JsonObject stats = Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body().getJsonObject("tenants").getJsonObject(tenant);
        assertEquals(1, stats.getJsonObject("connections").getInt("active"), stats.toString());
        assertEquals(3, stats.getJsonObject("connections").getInt("opened"), stats.toString());
    }

    private int active(String tenant) {
        return Api.get(base, "api/v1/stats", Tokens.publisher(tenant)).body().getJsonObject("tenants").getJsonObject(tenant)
                .getJsonObject("connections").getInt("active");
    }
}
