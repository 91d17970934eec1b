package io.herald.it;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP trace receiver on 127.0.0.1 (a free port): {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest}, as the server's OpenTelemetry exporter sends it; keeps every span.
 */
final class OtlpReceiver implements AutoCloseable {

    private HttpServer server; // set once, by start, before the receiver is handed out
    private final List<Span> spans = new ArrayList<>();

    /** Where OTLP/HTTP sends traces, under the endpoint an exporter is given. */
    static final String TRACES_PATH = "/v1/traces";

    static OtlpReceiver start() {
        OtlpReceiver r = new OtlpReceiver();
        r.server = LoopbackHttp.start(TRACES_PATH, r::handle, "otlp-receiver", 1);
        return r;
    }

    /** The URL to give an exporter as its OTLP endpoint (it adds {@link #TRACES_PATH}). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            InputStream in = x.getRequestBody();
            if ("gzip".equalsIgnoreCase(x.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
            synchronized (spans) {
                for (ResourceSpans rs : request.getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        spans.addAll(ss.getSpansList());
                    }
                }
                spans.notifyAll();
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            x.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            x.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            x.getResponseBody().write(answer);
        }
    }

    /**
     * Waits, bounded, until {@code found} finds something in the spans received so far.
     *
     * @return what it found, or empty when nothing within {@code timeout}
     */
    <T> Optional<T> await(Duration timeout, Function<List<Span>, Optional<T>> found) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (spans) {
            while (true) {
                Optional<T> t = found.apply(List.copyOf(spans));
                long left = deadline - System.nanoTime();
                if (t.isPresent() || left <= 0) {
                    return t;
                }
                try {
                    spans.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
