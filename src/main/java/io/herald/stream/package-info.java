/**
 * Sessions carried over plain HTTP, for clients that cannot open a WebSocket: server-sent events ({@code GET /sse},
 * {@link SseServlet}, {@link SseSink}), long polling ({@code GET /api/v1/poll}, {@link PollServlet}, {@link PollSink})
 * and their client actions ({@code POST /api/v1/sessions/{session}/actions}, {@link ActionsResource}). A stream is
 * another kind of outbound: each session is admitted, opened, registered, delivered to, heart-beaten, evicted and
 * drained by the same components as a WebSocket one ({@code socket.Admission}, {@code socket.SessionLifecycle},
 * {@code delivery.Outbox}); this component owns only the HTTP side of them ({@link StreamSessions}) and never sends
 * to a client but through its sinks. Writes are non-blocking ({@link AsyncWriter}): no thread waits on a slow reader.
 */
package io.herald.stream;
