package io.herald.publish;

import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.http.ApiException;
import io.herald.http.JsonBody;
import io.herald.http.RequiresRole;
import io.herald.log.AppendAdmission;
import io.herald.log.LogUnavailableException;
import io.herald.metrics.RateLimit;
import io.herald.metrics.Source;
import io.herald.tenant.DisabledTenants;
import io.herald.tenant.TenantRegistry;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/events}: publish for the caller's own tenant. Body {@code {"type", "data", "room"?, "user"?}};
 * a {@code tenant} field other than the caller's is refused (403), never trusted. While the node refuses new events
 * (draining, or behind with its deliveries) the answer is 503 with {@code Retry-After}: never 202 and then lost. A
 * tenant past its publish rate gets 429 with {@code Retry-After}, a tenant disabled in configuration 403.
 */
@Path("events")
public class EventsResource {

    /** How long a publish waits for the log and this node's fan-out before it answers 503. */
    static final long APPEND_TIMEOUT_SECONDS = 10;

    @Inject
    Publisher publisher;

    @Inject
    PublishLimits limits;

    @Inject
    DisabledTenants disabledTenants;

    @Inject
    TenantRegistry registry;

    @Inject
    @ConfigProperty(name = "herald.publish.max-bytes", defaultValue = "65536")
    int maxBytes;

    @POST
    @RequiresRole(Caller.PUBLISHER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(InputStream body, @Context SecurityContext security) throws IOException {
        Caller caller = (Caller) security.getUserPrincipal();
        if (disabledTenants.isDisabled(caller.tenant())) {
            throw new ApiException(403, ApiError.FORBIDDEN, DisabledTenants.refusal(caller.tenant()));
        }
        long wait = limits.perTenant().secondsToWait(caller.tenant());
        if (wait > 0) {
            registry.tenant(caller.tenant()).stats().refused(RateLimit.PUBLISH);
            throw new ApiException(429, ApiError.RATE_LIMITED,
                    "the tenant's publish rate is used up (herald.limits.publishes-per-second); retry after " + wait + " s", wait);
        }
        JsonObject json = JsonBody.read(body, maxBytes);
        if (json.containsKey("tenant") && !(json.get("tenant") instanceof JsonString t && t.getString().equals(caller.tenant()))) {
            throw new ApiException(403, ApiError.FORBIDDEN, "the tenant is the caller's own; a 'tenant' field may not name another");
        }
        Publication p = new Publication(caller.tenant(), string(json, "type"), string(json, "room"), string(json, "user"),
                json.getOrDefault("data", JsonValue.NULL));
        String problem = Publications.problem(p);
        if (problem != null) {
            throw new ApiException(400, ApiError.BAD_REQUEST, problem);
        }
        AppendAdmission.Refusal refusal = publisher.refusal(caller.tenant());
        if (refusal != null) {
            throw unavailable(refusal.reason(), refusal.retryAfter().toSeconds());
        }
        Receipt receipt;
        try {
            receipt = publisher.publish(p, Source.HTTP).toCompletableFuture().get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (JsonbException e) {
            throw new ApiException(400, ApiError.BAD_REQUEST, "'data' cannot be serialised");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogUnavailableException u) {
                throw unavailable(u.getMessage(), 1);
            }
            throw new IllegalStateException("publish failed", e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("the event log did not answer within " + APPEND_TIMEOUT_SECONDS + " s", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted", 1);
        }
        return Response.accepted(Map.of("id", receipt.id(), "recipients", receipt.recipients())).build();
    }

    private static ApiException unavailable(String why, long retryAfterSeconds) {
        return new ApiException(503, ApiError.UNAVAILABLE, why, Math.max(1, retryAfterSeconds));
    }

    private static String string(JsonObject json, String field) {
        JsonValue v = json.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new ApiException(400, ApiError.BAD_REQUEST, "'" + field + "' must be a string");
    }
}
