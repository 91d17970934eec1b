package io.herald.auth;

/**
 * What a request presents to prove who it is, exactly as it arrived; {@link Authenticator} decides which one counts.
 * Each part may be null (absent). Immutable.
 *
 * @param authorization the {@code Authorization} header ({@code Bearer <jwt>})
 * @param accessToken   the {@code access_token} query parameter (browsers cannot set headers on a WebSocket upgrade)
 * @param cookie        the raw {@code Cookie} header, from which the configured token cookie is read
 * @param apiKey        the {@code X-API-Key} header
 * @param login         the application's own login of the request, as the container authenticated it (embedded
 *                      mode, {@link ContainerLogins}); only a boundary sets it, from the servlet request, never from
 *                      anything the client sent; used only when no token and no API key is present
 */
public record Credentials(String authorization, String accessToken, String cookie, String apiKey, ContainerLogin login) {

    /** Credentials without a container login. */
    public Credentials(String authorization, String accessToken, String cookie, String apiKey) {
        this(authorization, accessToken, cookie, apiKey, null);
    }

    public static final String API_KEY_HEADER = "X-API-Key";

    /** Says which parts are present, never their values (a record would print the credentials). */
    @Override
    public String toString() {
        return "Credentials[authorization=" + (authorization != null) + ", accessToken=" + (accessToken != null)
                + ", cookie=" + (cookie != null) + ", apiKey=" + (apiKey != null) + ", login=" + (login != null) + "]";
    }

    /** Credentials of an HTTP API request: headers only, never a token in the URL (it would reach access logs). */
    public static Credentials ofHeaders(String authorization, String cookie, String apiKey) {
        return new Credentials(authorization, null, cookie, apiKey);
    }
}
