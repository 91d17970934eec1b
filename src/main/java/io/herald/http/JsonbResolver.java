package io.herald.http;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * One shared {@link Jsonb} for every JSON body of the HTTP API. Without it RESTEasy (WildFly) builds a new
 * {@code Jsonb} for each response, and that scans the class path for the JSON-B and JSON-P providers every time
 * (seen in a JFR profile of publishing on WildFly: about a sixth of the publish request's own CPU). Thread-safe.
 */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }
}
