package io.herald.stream;

import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.socket.Admission;
import io.herald.socket.SessionLifecycle;
import io.herald.socket.VerifiedCaller;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /sse?rooms=&types=&since=}: a session as server-sent events. Admitted like a WebSocket upgrade (the same
 * credentials and refusals, before the stream starts), then opened through the same lifecycle; its frames are the
 * socket's JSON objects, one SSE message each ({@link SseSink}). The request is asynchronous and written without
 * blocking: an open stream holds no thread.
 */
@WebServlet(urlPatterns = "/sse", asyncSupported = true)
public class SseServlet extends HttpServlet {

    @Inject
    Admission admission;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    StreamSessions sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifiedCaller verified = admission.admit(request, response);
        if (verified == null) {
            return;
        }
        StreamSession session = sessions.start(ControlFrames.Welcome.SSE, verified);
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache, no-store");
            response.setHeader("X-Accel-Buffering", "no"); // tells nginx-style proxies not to buffer the stream
            AsyncContext async = request.startAsync();
            async.setTimeout(0); // the session's own heartbeats and timeouts decide when it ends
            SseSink sink = new SseSink(new AsyncWriter(async), session, sessions);
            async.addListener(sink);
            session.opened(lifecycle.open(verified, session.id(), sink, Codecs.JSON, ControlFrames.Welcome.SSE,
                    StreamParams.of(request)));
        } catch (IOException | RuntimeException e) {
            session.ended(SseSink.LOST, "opening failed");
            sessions.forget(session);
            Admission.abandon(verified);
            throw e;
        }
    }
}
