package io.herald.admin;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /admin}: the admin page ({@code WEB-INF/admin.html}, with {@code admin.js} and {@code admin.css} at the
 * context root), at that path under any context root. The page holds no figure and no secret: everything it shows
 * comes over the caller's own credential ({@code herald.stats} frames, {@code /api/v1/sessions}), which the server
 * checks. It is served with a policy that keeps it out of frames (its buttons close sessions) and lets it load only
 * its own scripts. Stateless.
 */
@WebServlet("/admin")
public class AdminPageServlet extends HttpServlet {

    static final String PAGE = "/WEB-INF/admin.html";
    static final String POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setHeader("Content-Security-Policy", POLICY);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/html; charset=utf-8");
        req.getRequestDispatcher(PAGE).forward(req, resp);
    }
}
