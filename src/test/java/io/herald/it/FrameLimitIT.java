package io.herald.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code herald.limits.frame-bytes} (65,536 by default) on the wire: a client frame over it closes the session with
 * 1009 and a reason, whatever its size, while another session of the tenant keeps receiving; a frame at the limit is
 * read and answered; Herald speaks text only, so a binary frame within the limit closes with 1003. Frames are
 * written on a raw socket and streamed, so a 32 MiB frame costs this client 64 KB; the close is read on another
 * thread while the frame is still being written, as a server may close before it has read it all. Nothing may be
 * logged at SEVERE (ERROR on WildFly) meanwhile ({@link ServerLog}).
 */
@ExtendWith(ArquillianExtension.class)
class FrameLimitIT {

    private static final int LIMIT = 65_536;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return HeraldDeployment.war();
    }

    private static final String TENANT = "frames-" + UUID.randomUUID();
    private static WsClient bystander;
    private static ServerLog log;

    @BeforeAll
    static void watchTheServerLog() throws Exception {
        log = ServerLog.watch();
    }

    @AfterAll
    static void nothingWasLoggedAtSevere() throws Exception {
        if (bystander != null) {
            bystander.close();
        }
        log.assertNothingSevereAndClose("the frames were refused");
    }

    @Test
    void textFrameOf70KbClosesWith1009() throws Exception {
        assertClosedAndBystanderReceives(TEXT, 70_000, 1009);
    }

    @Test
    void textFrameOf2MibClosesWith1009() throws Exception {
        assertClosedAndBystanderReceives(TEXT, 2L << 20, 1009);
    }

    @Test
    void textFrameOf32MibClosesWith1009() throws Exception {
        assertClosedAndBystanderReceives(TEXT, 32L << 20, 1009);
    }

    @Test
    void binaryFrameWithinTheLimitClosesWith1003() throws Exception {
        assertClosedAndBystanderReceives(BINARY, 100, 1003);
    }

    @Test
    void binaryFramesOverTheLimitCloseWith1009() throws Exception {
        assertClosedAndBystanderReceives(BINARY, 70_000, 1009);
        assertClosedAndBystanderReceives(BINARY, 32L << 20, 1009);
    }

    @Test
    void textFrameOfExactlyTheLimitIsAnswered() throws Exception {
        String head = "{\"action\":\"ping\",\"ref\":\"at-limit\",\"pad\":\"";
        String tail = "\"}";
        String frame = head + "x".repeat(LIMIT - head.length() - tail.length()) + tail;
        assertEquals(LIMIT, frame.getBytes(StandardCharsets.UTF_8).length);
        try (RawWebSocket raw = RawWebSocket.connect(base, Tokens.user(TENANT, "at-limit"), 0)) {
            assertTrue(raw.nextText().contains("\"welcome\""));
            raw.sendFrame(TEXT, frame.getBytes(StandardCharsets.UTF_8));
            String answer = raw.nextText();
            assertNotNull(answer, "closed instead of answering");
            assertTrue(answer.contains("\"pong\"") && answer.contains("at-limit"), answer);
        }
    }

    private void assertClosedAndBystanderReceives(int opcode, long length, int expectedCode) throws Exception {
        WsClient watcher = bystander();
        try (RawWebSocket raw = RawWebSocket.connect(base, Tokens.user(TENANT, "sender"), 0)) {
            assertTrue(raw.nextText().contains("\"welcome\""));
            CompletableFuture<RawWebSocket.Closed> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return raw.readUntilClose(Duration.ofSeconds(60));
                } catch (java.io.IOException e) {
                    return new RawWebSocket.Closed(-1, null, 0, 0, e.toString());
                }
            });
            raw.sendFrame(opcode, length, (byte) 'a');
            RawWebSocket.Closed c = closed.get(90, TimeUnit.SECONDS);
            String what = (opcode == TEXT ? "text" : "binary") + " frame of " + length + " bytes: " + c;
            assertEquals(expectedCode, c.code(), what);
            assertNotNull(c.reason(), what);
            assertFalse(c.reason().isBlank(), "a close reason: " + what);
        }
        String id = Api.publish(base, TENANT, "{\"type\":\"after.frame\",\"data\":{\"n\":" + length + "}}").getString("id");
        assertEquals(id, watcher.nextEvent().getString("id"), "the bystander still receives");
        assertFalse(watcher.isClosed());
    }

    private WsClient bystander() {
        if (bystander == null) {
            bystander = WsClient.connect(base, Tokens.user(TENANT, "bystander"));
        }
        return bystander;
    }
}
