package io.herald.webhook;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The webhooks' configuration, read in one place, with the defaults the README documents. The global receiver and the
 * timings are read at start; a tenant's own receiver ({@code herald.webhooks.tenant.<tenant>.url}, {@code .secret},
 * {@code .events}) is looked up the first time one of its changes is seen and kept (tenants are not known in advance,
 * and an environment variable such as {@code HERALD_WEBHOOKS_TENANT_ACME_URL} can only be found by its key).
 * Thread-safe.
 */
@ApplicationScoped
public class WebhookSettings {

    static final String PREFIX = "herald.webhooks.";
    private static final System.Logger LOG = System.getLogger(WebhookSettings.class.getName());

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "herald.webhooks.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "herald.webhooks.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "herald.webhooks.events", defaultValue = "session.opened,session.closed,member.joined,member.left,user.online,user.offline")
    String events;

    @Inject
    @ConfigProperty(name = "herald.webhooks.queue-size", defaultValue = "10000")
    int queueSize;

    @Inject
    @ConfigProperty(name = "herald.webhooks.senders", defaultValue = "4")
    int senders;

    @Inject
    @ConfigProperty(name = "herald.webhooks.receiver-queue-size")
    Optional<Integer> receiverQueueSize;

    @Inject
    @ConfigProperty(name = "herald.webhooks.connect-timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "herald.webhooks.request-timeout", defaultValue = "PT10S")
    Duration requestTimeout;

    @Inject
    @ConfigProperty(name = "herald.webhooks.max-attempts", defaultValue = "5")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "herald.webhooks.backoff", defaultValue = "PT2S")
    Duration backoff;

    @Inject
    @ConfigProperty(name = "herald.webhooks.max-backoff", defaultValue = "PT60S")
    Duration maxBackoff;

    @Inject
    @ConfigProperty(name = "herald.webhooks.stop-timeout", defaultValue = "PT5S")
    Duration stopTimeout;

    @Inject
    @ConfigProperty(name = "herald.webhooks.log-interval", defaultValue = "PT10S")
    Duration logInterval;

    private Set<Hook> defaultHooks;
    private Optional<Target> global;
    /** Tenant → its own receiver, or empty when it has none (or a broken one, logged once). */
    private final ConcurrentMap<String, Optional<Target>> tenants = new ConcurrentHashMap<>();

    @PostConstruct
    void read() {
        defaultHooks = hooks(events, "herald.webhooks.events");
        global = target(url, secret, defaultHooks, "global", "herald.webhooks");
        LOG.log(System.Logger.Level.INFO, global.map(t -> "webhooks: " + t + " for every tenant, " + names(t.hooks())
                        + "; per tenant: herald.webhooks.tenant.<tenant>.url")
                .orElse("webhooks: no global URL (herald.webhooks.url); per tenant: herald.webhooks.tenant.<tenant>.url"));
    }

    /** Read at start, so a broken global receiver is logged before any traffic. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the observer's bean is created to receive it: nothing else to do
    }

    private static List<String> names(Set<Hook> hooks) {
        return hooks.stream().map(h -> h.wire).toList();
    }

    /** @return the receivers of {@code tenant}'s changes: the global one and the tenant's own, each when configured */
    List<Target> targets(String tenant) {
        List<Target> all = new ArrayList<>(2);
        global.ifPresent(all::add);
        tenants.computeIfAbsent(tenant, this::tenantTarget).ifPresent(all::add);
        return all;
    }

    private Optional<Target> tenantTarget(String tenant) {
        String key = PREFIX + "tenant." + tenant;
        Set<Hook> hooks = config.getOptionalValue(key + ".events", String.class)
                .map(list -> hooks(list, key + ".events")).orElse(defaultHooks);
        return target(config.getOptionalValue(key + ".url", String.class), config.getOptionalValue(key + ".secret", String.class),
                hooks, "tenant " + tenant, key);
    }

    private static Set<Hook> hooks(String list, String key) {
        return Hook.parse(list, name -> LOG.log(System.Logger.Level.WARNING,
                "{0}: \"{1}\" is no lifecycle change (one of {2}): ignored", key, name, Hook.ALL));
    }

    /** @return the receiver, or empty (logged at WARNING) when the URL is not an absolute http(s) URL or has no secret */
    private static Optional<Target> target(Optional<String> url, Optional<String> secret, Set<Hook> hooks, String whose, String key) {
        if (url.isEmpty() || url.get().isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.get().trim());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}.url is not a URL: no webhooks for the {1}", key, whose);
            return Optional.empty();
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            LOG.log(System.Logger.Level.WARNING, "{0}.url is not an absolute http or https URL: no webhooks for the {1}", key, whose);
            return Optional.empty();
        }
        if (secret.isEmpty() || secret.get().isBlank()) {
            // every body is signed: a receiver could not tell a delivery from a forgery
            LOG.log(System.Logger.Level.WARNING, "{0}.secret is not set: no webhooks for the {1}", key, whose);
            return Optional.empty();
        }
        String label = whose + " URL (" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + ")";
        return Optional.of(new Target(uri, secret.get(), hooks, label));
    }

    int queueSize() {
        return Math.max(1, queueSize);
    }

    int senders() {
        return Math.max(1, senders);
    }

    /** @return attempts one receiver may have in flight at once: half the senders (at least one) */
    int inFlightPerReceiver() {
        return Math.max(1, senders() / 2);
    }

    /** @return deliveries one receiver may hold: {@code herald.webhooks.receiver-queue-size}, default half the queue */
    int receiverQueueSize() {
        return Math.max(1, Math.min(queueSize(), receiverQueueSize.orElse(queueSize() / 2)));
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    int maxAttempts() {
        return Math.max(1, maxAttempts);
    }

    Backoff backoff() {
        return new Backoff(backoff, maxBackoff);
    }

    Duration stopTimeout() {
        return stopTimeout;
    }

    Duration logInterval() {
        return logInterval;
    }
}
