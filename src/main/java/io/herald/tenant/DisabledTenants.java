package io.herald.tenant;

import io.herald.concurrency.ContainerThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tenants disabled in configuration, changeable while Herald runs: those named by {@code herald.tenants.disabled}
 * (comma-separated, read at start) and those in the file {@code herald.tenants.file} names (separated by commas,
 * spaces or line breaks; {@code #} starts a comment). The file is looked at every {@link #POLL} (one {@code stat}) and
 * re-read when its modification time or size changed, so an operator disables or re-enables a tenant by editing it, no
 * restart. A missing file disables nothing; a file that cannot be read (or is over {@link #MAX_FILE_BYTES}) leaves the
 * last set read in force, with a warning.
 * <p>
 * Who acts on it: the upgrade refuses a disabled tenant's callers with 403, publishing over HTTP answers 403, a CDI
 * event of such a tenant is dropped (and logged), and delivery's session scan closes the tenant's open sessions with
 * 4403, also one that registered while the tenant was being disabled.
 * <p>
 * Thread-safe: the set is one immutable snapshot behind a volatile reference, replaced by the poll (or at start) only.
 */
@ApplicationScoped
public class DisabledTenants {

    private static final System.Logger LOG = System.getLogger(DisabledTenants.class.getName());

    static final Duration POLL = Duration.ofSeconds(2);
    static final long MAX_FILE_BYTES = 1 << 20;

    /** The container's, looked up at start unless a test set it (ContainerThreads: not @Resource). */
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "herald.tenants.disabled")
    Optional<String> configured;

    @Inject
    @ConfigProperty(name = "herald.tenants.file")
    Optional<String> file;

    private Set<String> fixed = Set.of();
    private volatile Set<String> disabled = Set.of();
    /** The file's modification time and size when last read; touched by the poll only (one at a time). */
    private String fileVersion;
    private ScheduledFuture<?> poll;

    @PostConstruct
    void read() {
        fixed = names(configured.orElse(""));
        if (file.isPresent()) {
            reread(); // logs the set when it is not empty
        } else if (!fixed.isEmpty()) {
            disabled = fixed;
            LOG.log(System.Logger.Level.INFO, "disabled tenants now: {0}", new TreeSet<>(fixed));
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (file.isPresent()) {
            if (scheduler == null) {
                scheduler = ContainerThreads.scheduler();
            }
            poll = scheduler.scheduleWithFixedDelay(this::reread, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (poll != null) {
            poll.cancel(false);
        }
    }

    /** @return true when the tenant is disabled now */
    public boolean isDisabled(String tenant) {
        return disabled.contains(tenant);
    }

    /** @return why a disabled tenant is refused, for a 403 or a close reason (names the tenant, not the file) */
    public static String refusal(String tenant) {
        return "tenant " + tenant + " is disabled (herald.tenants.disabled, herald.tenants.file)";
    }

    /** One poll: re-reads the file if it changed since the last read. */
    synchronized void reread() {
        Path path = Path.of(file.get());
        try {
            String version;
            String text;
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                version = attributes.lastModifiedTime() + "/" + attributes.size();
                if (version.equals(fileVersion)) {
                    return;
                }
                if (attributes.size() > MAX_FILE_BYTES) {
                    throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
                }
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                version = "none";
                text = "";
            }
            fileVersion = version;
            Set<String> next = new HashSet<>(fixed);
            next.addAll(names(text.replaceAll("#[^\\n]*", "")));
            if (!next.equals(disabled)) {
                disabled = Set.copyOf(next);
                LOG.log(System.Logger.Level.INFO, "disabled tenants now: {0}", new TreeSet<>(next));
            }
        } catch (IOException | RuntimeException e) {
            String version = "failed: " + e;
            if (!version.equals(fileVersion)) { // once per failure, not every poll
                fileVersion = version;
                LOG.log(System.Logger.Level.WARNING, "cannot read herald.tenants.file {0}: {1}; the disabled tenants stay {2}",
                        path, e.toString(), new TreeSet<>(disabled));
            }
        }
    }

    private static Set<String> names(String text) {
        return Set.copyOf(Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList());
    }
}
