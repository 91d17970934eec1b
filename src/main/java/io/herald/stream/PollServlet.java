package io.herald.stream;

import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.socket.Admission;
import io.herald.socket.SessionLifecycle;
import io.herald.socket.VerifiedCaller;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;

/**
 * {@code GET /api/v1/poll}: long polling. Without {@code session} it opens a poll session (admitted like a WebSocket
 * upgrade) and answers at once with its first frames; with {@code session=<id>} it answers that session's waiting
 * frames as soon as there are any, or {@code []} after {@code wait} seconds (default 25, at most 30). The caller must
 * be the session's (tenant and user), else 404. A waiting poll is an asynchronous request written without blocking:
 * it holds no thread.
 */
@WebServlet(urlPatterns = "/api/v1/poll", asyncSupported = true)
public class PollServlet extends HttpServlet {

    @Inject
    Admission admission;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    StreamSessions sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int wait = waitSeconds(request.getParameter("wait"));
        if (wait < 0) {
            ApiError.write(response, 400, ApiError.BAD_REQUEST,
                    "'wait' must be a whole number of seconds from 0 to " + StreamSettings.MAX_WAIT_SECONDS);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        String id = request.getParameter("session");
        if (id == null) {
            open(request, response);
            return;
        }
        Caller caller = admission.authenticate(request, response);
        if (caller == null) {
            return;
        }
        StreamSession session = sessions.find(caller, id);
        PollSink sink = session == null ? null : session.poll();
        if (sink == null) {
            ApiError.write(response, 404, ApiError.NOT_FOUND, "no poll session " + id + " of yours on this node");
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the poll's own wait timer answers it
        Request poll = new Request(async, new AsyncWriter(async), sink);
        async.addListener(poll);
        sink.poll(poll, wait);
    }

    private void open(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifiedCaller verified = admission.admit(request, response);
        if (verified == null) {
            return;
        }
        StreamSession session = sessions.start(ControlFrames.Welcome.POLL, verified);
        PollSink sink = new PollSink(session, sessions);
        session.poll(sink);
        try {
            session.opened(lifecycle.open(verified, session.id(), sink, Codecs.JSON, ControlFrames.Welcome.POLL,
                    StreamParams.of(request)));
        } catch (RuntimeException e) {
            session.ended(SseSink.LOST, "opening failed");
            sessions.forget(session);
            Admission.abandon(verified);
            throw e;
        }
        byte[] body = sink.opened();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body);
    }

    /** @return the {@code wait} in seconds, the default when absent, -1 when it is not a valid one */
    static int waitSeconds(String raw) {
        if (raw == null || raw.isEmpty()) {
            return StreamSettings.DEFAULT_WAIT_SECONDS;
        }
        try {
            int wait = Integer.parseInt(raw.trim());
            return wait >= 0 && wait <= StreamSettings.MAX_WAIT_SECONDS ? wait : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One poll request in async mode: answered once, by a non-blocking write, then ended. */
    private static final class Request implements PollSink.Poll, AsyncListener {

        private final AsyncContext async;
        private final AsyncWriter writer;
        private final PollSink sink;
        private volatile ScheduledFuture<?> timer;

        Request(AsyncContext async, AsyncWriter writer, PollSink sink) {
            this.async = async;
            this.writer = writer;
            this.sink = sink;
        }

        @Override
        public void answer(byte[] body, AsyncWriter.Callback then) {
            writer.write(body, failure -> {
                writer.complete();
                then.written(failure);
            });
        }

        @Override
        public void refuse(int status, String code, String message) {
            ((HttpServletResponse) async.getResponse()).setStatus(status);
            answer(io.herald.protocol.Json.write(new ApiError(code, message)).getBytes(StandardCharsets.UTF_8), failure -> { });
        }

        @Override
        public void timer(ScheduledFuture<?> timer) {
            this.timer = timer;
        }

        @Override
        public void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            sink.abandoned(this);
        }

        @Override
        public void onError(AsyncEvent event) {
            writer.complete();
            sink.abandoned(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            onError(event);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
