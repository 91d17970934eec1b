package io.herald.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API at {@code /api/v1}. Resources and providers are discovered. */
@ApplicationScoped
@ApplicationPath("/api/v1")
public class HeraldApi extends Application {
}
