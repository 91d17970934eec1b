package io.herald.client;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * {@code GET /herald.js}: the client module, the WAR's own file of that name (in an application that embeds Herald,
 * the classes jar's {@code META-INF/resources/herald.js}, which the servlet context serves alike), read once at start. Answers
 * {@code text/javascript; charset=utf-8} (RFC 9239; a module script needs a JavaScript type), an {@code ETag} of its
 * content, {@code 304} to a matching {@code If-None-Match}, {@link #CACHE_CONTROL}, and
 * {@code Access-Control-Allow-Origin: *} so that pages of any origin may import it (their socket is still subject
 * to {@code herald.allowed-origins}). The servlet's exact mapping
 * wins over the container's default servlet, which would pick its own type and no cache policy. Thread-safe: the
 * bytes and tag never change after {@link #init()}.
 */
@WebServlet(urlPatterns = "/herald.js", loadOnStartup = 1)
public class ClientScriptServlet extends HttpServlet {

    /** The URL is not versioned: browsers may reuse it for 10 minutes, then revalidate (a cheap 304). */
    static final String CACHE_CONTROL = "public, max-age=600";
    static final String CONTENT_TYPE = "text/javascript; charset=utf-8";
    private static final String RESOURCE = "/herald.js";

    private byte[] script;
    private String etag;

    @Override
    public void init() throws ServletException {
        try (InputStream in = getServletContext().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ServletException(RESOURCE + " is missing from the WAR (the build copies it from src/main/js/herald)");
            }
            script = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script);
            etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ServletException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", CACHE_CONTROL);
        resp.setHeader("ETag", etag);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        // a module script of another origin is fetched with CORS; the file is public and sent without credentials
        resp.setHeader("Access-Control-Allow-Origin", "*");
        String match = req.getHeader("If-None-Match");
        if (match != null && (match.equals(etag) || match.equals("W/" + etag) || match.trim().equals("*"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(CONTENT_TYPE);
        resp.setContentLength(script.length);
        resp.getOutputStream().write(script);
    }
}
