package io.herald.access;

import io.herald.auth.ApiKey;
import io.herald.auth.ApiKeys;
import io.herald.auth.Caller;
import io.herald.http.ApiError;
import io.herald.http.ApiException;
import io.herald.http.JsonBody;
import io.herald.http.RequiresRole;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/keys}, {@code herald-admin} only: {@code POST} mints an API key and answers it once (201), {@code GET}
 * lists the keys without secrets, {@code DELETE /{id}} revokes one at once and closes every open session it
 * authenticated with 4401, on every node of a cluster ({@link Revocations}) (404 for an unknown id). The keys
 * themselves are {@link ApiKeys}'; state here is none.
 */
@Path("keys")
@RequiresRole(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private static final System.Logger LOG = System.getLogger(KeysResource.class.getName());
    private static final int MAX_BODY_BYTES = 4096;

    @Inject
    ApiKeys keys;

    @Inject
    Revocations revocations;

    /** A key as listed: no secret, no hash. */
    @JsonbPropertyOrder({"id", "tenant", "user", "roles", "label", "created", "source"})
    public record Listed(String id, String tenant, String user, List<String> roles, String label, Instant created, String source) {
        static Listed of(ApiKey k) {
            return new Listed(k.id(), k.tenant(), k.user(), k.roles().stream().sorted().toList(), k.label(), k.created(),
                    k.source().name().toLowerCase(Locale.ROOT));
        }
    }

    /** The answer to a mint: the key itself, this once. */
    @JsonbPropertyOrder({"id", "key", "tenant", "user", "roles", "label", "created", "source"})
    public record Minted(String id, String key, String tenant, String user, List<String> roles, String label,
                         Instant created, String source) {
    }

    /** @param permanent false when the key is accepted again after a restart (configured in {@code herald.api-keys}) */
    @JsonbPropertyOrder({"id", "closed", "permanent"})
    public record Revoked(String id, int closed, boolean permanent) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response mint(InputStream body) throws IOException {
        JsonObject request = JsonBody.read(body, MAX_BODY_BYTES);
        ApiKeys.Minted m;
        try {
            m = keys.mint(request);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ApiError.BAD_REQUEST, e.getMessage());
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot mint an API key: " + e.getCause());
            throw new ApiException(500, ApiError.INTERNAL, "the API key file could not be written: no key was minted");
        }
        Listed k = Listed.of(m.key());
        return Response.status(Response.Status.CREATED)
                .entity(new Minted(k.id(), m.secret(), k.tenant(), k.user(), k.roles(), k.label(), k.created(), k.source())).build();
    }

    @GET
    public Map<String, List<Listed>> list() {
        return Map.of("keys", keys.list().stream().map(Listed::of).toList());
    }

    @DELETE
    @Path("{id}")
    public Revoked revoke(@PathParam("id") String id) {
        ApiKeys.Revoked r = keys.revoke(id)
                .orElseThrow(() -> new ApiException(404, ApiError.NOT_FOUND, "no API key with this id"));
        return new Revoked(id, revocations.revokeKey(r.key().tenant(), id), r.permanent());
    }
}
