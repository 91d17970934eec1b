package io.herald.socket;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origin allow-list for browser upgrades ({@code herald.allowed-origins}): a comma-separated list of origins as
 * browsers send them ({@code https://app.example.com}, {@code http://localhost:8080}), or {@code *} for any. A
 * browser's upgrade from an origin not on the list is refused with 403, so another site's page cannot open a socket
 * with the user's cookie or a token it obtained. An upgrade without an {@code Origin} header (a native client, a
 * server) is not a browser's and is never refused here. Not set: every origin is accepted, and a warning says so at
 * start. Compared case-insensitively, without a trailing slash. Immutable after start; thread-safe.
 */
@ApplicationScoped
public class AllowedOrigins {

    private static final System.Logger LOG = System.getLogger(AllowedOrigins.class.getName());
    static final String ANY = "*";

    @Inject
    @ConfigProperty(name = "herald.allowed-origins")
    Optional<String> configured;

    private Set<String> origins = Set.of(ANY);

    @PostConstruct
    void read() {
        origins = configured.map(AllowedOrigins::parse).orElse(Set.of(ANY));
        if (configured.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "herald.allowed-origins is not set: browser upgrades from any origin are accepted");
        }
    }

    /** For tests of the pure logic. */
    static AllowedOrigins of(String list) {
        AllowedOrigins a = new AllowedOrigins();
        a.origins = parse(list);
        return a;
    }

    /** @return the message of a refusal of this origin, the origin cut at 200 characters */
    public static String refusal(String origin) {
        return "origin " + (origin.length() > 200 ? origin.substring(0, 200) + "…" : origin) + " is not allowed (herald.allowed-origins)";
    }

    /** @param origin the request's {@code Origin} header (an upgrade's, a stream's), null when it has none */
    public boolean allows(String origin) {
        return origin == null || origins.contains(ANY) || origins.contains(normalised(origin));
    }

    /**
     * Whether a request that rides the application's own login (embedded mode) comes from a page of the
     * application's own origin: only then may the session's cookie stand for the user, whatever the allow-list says,
     * so another site's page cannot open a socket as the logged-in user (cross-site WebSocket hijacking).
     *
     * @param origin the {@code Origin} header, null for a client that is no browser (no other site's page is involved)
     * @param host   the {@code Host} header, null when absent
     */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            String authority = URI.create(origin.trim()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Set<String> parse(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(AllowedOrigins::normalised).collect(Collectors.toUnmodifiableSet());
    }

    private static String normalised(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
