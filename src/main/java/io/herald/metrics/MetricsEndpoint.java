package io.herald.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code GET /metrics} (Prometheus text) from this application where the server has no metrics registry of
 * its own (WildFly 39); where it has one (Payara) nothing is added, so the server's {@code /metrics} stays the only
 * one. Unauthenticated, like the servers' own endpoints: expose it to the scraper's network only.
 */
@WebListener
public class MetricsEndpoint implements ServletContextListener {

    static final String PATH = "/metrics";

    @Inject
    HeraldMetrics metrics;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (metrics.servesText()) {
            event.getServletContext().addServlet("herald-metrics", new Text(metrics)).addMapping(PATH);
        }
    }

    /** The servlet; holds the facade, no other state. */
    static final class Text extends HttpServlet {
        private final transient HeraldMetrics metrics;

        Text(HeraldMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType(PrometheusText.CONTENT_TYPE);
            response.getOutputStream().write(metrics.text().getBytes(StandardCharsets.UTF_8));
        }
    }
}
