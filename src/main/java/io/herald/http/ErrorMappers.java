package io.herald.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Maps every failure of the HTTP API to the contract's JSON error body. */
public final class ErrorMappers {

    private static final System.Logger LOG = System.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    @Provider
    public static class Api implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            Response r = new ApiError(e.code(), e.getMessage()).toResponse(e.status());
            return e.retryAfterSeconds() > 0 ? Response.fromResponse(r).header("Retry-After", e.retryAfterSeconds()).build() : r;
        }
    }

    /** 404, 405, 415 and the like, raised by JAX-RS itself. */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String code = switch (status) {
                case 401 -> ApiError.UNAUTHORIZED;
                case 403 -> ApiError.FORBIDDEN;
                case 404 -> ApiError.NOT_FOUND;
                case 413 -> ApiError.TOO_LARGE;
                default -> status >= 500 ? ApiError.INTERNAL : ApiError.BAD_REQUEST;
            };
            return new ApiError(code, e.getResponse().getStatusInfo().getReasonPhrase()).toResponse(status);
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException w) {
                return new Web().toResponse(w);
            }
            LOG.log(System.Logger.Level.ERROR, "unexpected API failure", e);
            return new ApiError(ApiError.INTERNAL, "internal error").toResponse(500);
        }
    }
}
