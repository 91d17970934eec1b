package io.herald.it;

import io.herald.tenant.SessionClosed;
import io.herald.tenant.SessionOpened;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only, deployed into herald.war by {@link LifecycleEventsIT}: application beans observing Herald's session
 * lifecycle events as an application would, one of which always fails, and a resource that lists what was seen.
 */
public final class LifecycleProbe {

    private LifecycleProbe() {
    }

    /** Fails on every event, and is told first: the recorder must still be told. */
    @ApplicationScoped
    public static class Failing {
        void opened(@ObservesAsync @Priority(1) SessionOpened e) {
            throw new IllegalStateException("an application observer that fails");
        }

        void closed(@ObservesAsync @Priority(1) SessionClosed e) {
            throw new IllegalStateException("an application observer that fails");
        }
    }

    /** What the recorder saw; static so that the resource reads it however JAX-RS makes its instances. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    public static class Recorder {

        void opened(@ObservesAsync @Priority(2) SessionOpened e) {
            SEEN.add("opened " + e.tenant() + " " + e.user() + " " + e.session() + " " + e.protocol());
        }

        void closed(@ObservesAsync @Priority(2) SessionClosed e) {
            SEEN.add("closed " + e.tenant() + " " + e.user() + " " + e.session() + " " + e.code());
        }
    }

    @Path("test/lifecycle")
    @PermitAll
    public static class Seen {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public List<String> seen(@QueryParam("tenant") String tenant) {
            return SEEN.stream().filter(s -> s.split(" ")[1].equals(tenant)).toList();
        }
    }
}
