package io.herald.http;

import io.herald.protocol.Json;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The HTTP API's error body, {@code {"error": code, "message": ...}}, and the codes it uses. */
@JsonbPropertyOrder({"error", "message"})
public record ApiError(String error, String message) {

    public static final String BAD_JSON = "bad_json";
    public static final String BAD_REQUEST = "bad_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String TOO_LARGE = "too_large";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String INTERNAL = "internal";
    public static final String UNAVAILABLE = "unavailable";

    public Response toResponse(int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.write(this)).build();
    }

    /** Writes an error from a servlet or filter. */
    public static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(Json.write(new ApiError(code, message)).getBytes(StandardCharsets.UTF_8));
    }
}
