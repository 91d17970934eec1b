package io.herald.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the API; every answer is a status with a JSON object body. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Signing is the slow part of a publish in a test loop: one token per tenant (they live an hour). */
    private static final java.util.Map<String, String> PUBLISHERS = new java.util.concurrent.ConcurrentHashMap<>();

    private Api() {
    }

    /** @param retryAfter the {@code Retry-After} header, null when absent */
    public record Answer(int status, JsonObject body, String retryAfter) {
        public Answer(int status, JsonObject body) {
            this(status, body, null);
        }
    }

    public static Answer post(URL base, String path, String bearer, String body) {
        return post(HTTP, base, path, bearer, body);
    }

    /** As {@link #post(URL, String, String, String)} through this client (one that trusts a test certificate, for https). */
    public static Answer post(HttpClient http, URL base, String path, String bearer, String body) {
        HttpRequest.Builder b = request(base, path, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(http, b.build());
    }

    public static Answer delete(URL base, String path, String bearer) {
        return send(HTTP, request(base, path, bearer).DELETE().build());
    }

    public static Answer get(URL base, String path, String bearer) {
        return send(HTTP, request(base, path, bearer).GET().build());
    }

    /**
     * Sends any request, whatever the answer.
     *
     * @param body    sent as JSON, or null for none
     * @param headers name, value, name, value…
     */
    public static Answer send(URL base, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = request(base, path, null);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(HTTP, b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Publishes with the tenant's publisher token, whatever the answer. */
    public static Answer tryPublish(URL base, String tenant, String body) {
        return post(base, "api/v1/events", PUBLISHERS.computeIfAbsent(tenant, Tokens::publisher), body);
    }

    /** Publishes and asserts 202; returns the answer body ({@code id}, {@code recipients}). */
    public static JsonObject publish(URL base, String tenant, String body) {
        return publish(HTTP, base, tenant, body);
    }

    /** As {@link #publish(URL, String, String)} through this client (one that trusts a test certificate, for https). */
    public static JsonObject publish(HttpClient http, URL base, String tenant, String body) {
        Answer a = post(http, base, "api/v1/events", PUBLISHERS.computeIfAbsent(tenant, Tokens::publisher), body);
        if (a.status() != 202) {
            throw new AssertionError("publish answered " + a);
        }
        return a.body();
    }

    private static HttpRequest.Builder request(URL base, String path, String bearer) {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    private static Answer send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonObject body = JsonValue.EMPTY_JSON_OBJECT;
            if (r.body() != null && r.body().startsWith("{")) {
                try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
                    body = reader.readObject();
                }
            }
            return new Answer(r.statusCode(), body, r.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
