package io.herald.it;

import io.herald.presence.MemberJoined;
import io.herald.presence.MemberLeft;
import io.herald.presence.UserOffline;
import io.herald.presence.UserOnline;
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
 * Test-only, deployed into herald.war by {@link PresenceIT}: an application bean observing presence's lifecycle events
 * as an application would, and a resource that lists what it saw for a tenant.
 */
public final class PresenceProbe {

    private PresenceProbe() {
    }

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    public static class Recorder {
        void joined(@ObservesAsync MemberJoined e) {
            SEEN.add(e.tenant() + " joined " + e.room() + " " + e.user());
        }

        void left(@ObservesAsync MemberLeft e) {
            SEEN.add(e.tenant() + " left " + e.room() + " " + e.user());
        }

        void online(@ObservesAsync UserOnline e) {
            SEEN.add(e.tenant() + " online " + e.user());
        }

        void offline(@ObservesAsync UserOffline e) {
            SEEN.add(e.tenant() + " offline " + e.user());
        }
    }

    @Path("test/presence")
    @PermitAll
    public static class Seen {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public List<String> seen(@QueryParam("tenant") String tenant) {
            return SEEN.stream().filter(s -> s.startsWith(tenant + " ")).map(s -> s.substring(tenant.length() + 1)).toList();
        }
    }
}
