package io.herald.stream;

import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.http.ApiException;
import io.herald.protocol.Codecs;
import io.herald.protocol.ControlFrames;
import io.herald.protocol.FrameException;
import io.herald.protocol.Json;
import io.herald.socket.SessionLifecycle;
import io.herald.tenant.Connection;
import io.herald.tenant.TenantRegistry;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/v1/sessions/{session}/actions}: one client frame for a session carried over SSE or long polling,
 * answered with the frame the socket would send (a {@code reply} or {@code pong}, 200), or its {@code error} frame with
 * a 4xx/5xx status and an {@code error} field as well. The same path as a socket's frames
 * ({@code ClientActions.receive}: counted, rate-limited, carried out); events a frame causes (a {@code resume}'s
 * replay) go to the session's stream, never into this answer. The caller must be the session's (tenant and user),
 * else 404. A {@code call} is answered when it completes, without holding a thread meanwhile.
 */
@Path("sessions/{session}/actions")
public class ActionsResource {

    /** The status of each error code an action can get; an application's own {@code call} codes get 422. */
    static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry(FrameException.BAD_JSON, 400), Map.entry(FrameException.BAD_FRAME, 400),
            Map.entry(FrameException.UNAUTHORIZED, 401), Map.entry(FrameException.FORBIDDEN, 403),
            Map.entry(FrameException.NOT_FOUND, 404), Map.entry(FrameException.TOO_LARGE, 413),
            Map.entry(FrameException.RATE_LIMITED, 429), Map.entry(FrameException.INTERNAL, 500),
            Map.entry(FrameException.UNAVAILABLE, 503), Map.entry(FrameException.TIMEOUT, 504));
    static final int APPLICATION_ERROR = 422;

    @Inject
    StreamSessions sessions;

    @Inject
    SessionLifecycle lifecycle;

    @Inject
    TenantRegistry registry;

    @POST
    public CompletionStage<Response> act(@PathParam("session") String id, InputStream body,
                                         @Context SecurityContext security) throws IOException {
        StreamSession session = sessions.find((Caller) security.getUserPrincipal(), id);
        Connection c = session == null ? null : session.connection();
        if (c == null || !registry.isOpen(c)) {
            throw new ApiException(404, ApiError.NOT_FOUND, "no open SSE or poll session " + id + " of yours on this node");
        }
        int max = lifecycle.maxFrameBytes();
        byte[] text = body.readNBytes(max + 1);
        if (text.length > max) {
            return CompletableFuture.completedFuture(response(new ControlFrames.Error(null, FrameException.TOO_LARGE,
                    "frame over " + max + " bytes (herald.limits.frame-bytes)")));
        }
        CompletableFuture<Record> answer = new CompletableFuture<>();
        if (!session.receive(lifecycle.actions(), new String(text, StandardCharsets.UTF_8), answer::complete)) {
            answer.complete(new ControlFrames.Error(null, FrameException.RATE_LIMITED,
                    "too many frames: the session is closed with 4429"));
        }
        return answer.thenApply(ActionsResource::response);
    }

    static Response response(Record frame) {
        if (frame instanceof ControlFrames.Error e) {
            return Response.status(STATUS.getOrDefault(e.code(), APPLICATION_ERROR)).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.write(new ErrorAnswer(e.type(), e.ref(), e.code(), e.message(), e.code()))).build();
        }
        return Response.ok(((io.herald.protocol.WireFrame.Text) Codecs.JSON.control(frame)).text(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** An {@code error} frame with the HTTP API's {@code error} field beside its {@code code}. */
    @JsonbPropertyOrder({"type", "ref", "code", "message", "error"})
    public record ErrorAnswer(String type, String ref, String code, String message, String error) {
    }
}
