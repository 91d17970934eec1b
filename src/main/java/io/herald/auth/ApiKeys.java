package io.herald.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API keys Herald accepts ({@code X-API-Key}), by id: the one owner of them. A key is {@code hk_<id>_<secret>};
 * Herald keeps only the SHA-256 of the whole key, looks the entry up by the id and compares the hashes in constant
 * time. Each key is bound to one tenant, a user ({@code key:<id>} unless configured) and roles; its caller never
 * expires ({@link Instant#MAX}) and carries the key's id.
 * <p>
 * Keys come from {@code herald.api-keys} (inline JSON, read-only) and from the file {@code herald.api-keys.file} names
 * (the same JSON; created on the first mint when absent), both read at start ({@link ApiKeyEntries} has the format).
 * A malformed entry is logged and skipped. Keys minted through the API are written to that file, and revoked ones
 * removed from it, before the answer (written whole to a temporary file, then moved over it); entries of the file
 * that Herald did not load (malformed, or added by hand since the start) are kept as they are. Without a file,
 * minted keys live in memory until the next start.
 * <p>
 * Thread-safe: {@link #verify} reads without a lock; mints and revocations are serialised, so a key is either in
 * the map and the file or in neither. A revocation removes the key from the map before the file is written, so no
 * request is accepted with it afterwards. Nothing here logs a key.
 */
@ApplicationScoped
public class ApiKeys {

    /** The close reason of a session whose key was revoked (close code 4401). */
    public static final String REVOKED = "API key revoked";

    private static final System.Logger LOG = System.getLogger(ApiKeys.class.getName());
    private static final Pattern KEY = Pattern.compile("hk_([A-Za-z0-9.-]{1,64})_([A-Za-z0-9_-]{22,256})");
    private static final int MAX_KEY_CHARS = 330;
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 12;
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "herald.api-keys")
    Optional<String> inline;

    @Inject
    @ConfigProperty(name = "herald.api-keys.file")
    Optional<String> fileLocation;

    private final Map<String, Entry> keys = new ConcurrentHashMap<>();
    /** Held by a mint or a revocation: they change the map and the file together. */
    private final Object changes = new Object();
    /** Null: minted keys are kept in memory only. */
    private Path file;

    /** A key with its hash, and the caller it authenticates (made once). */
    private record Entry(ApiKey key, byte[] sha256, Caller caller) {
        Entry(ApiKey key, byte[] sha256) {
            this(key, sha256, new Caller(key.tenant(), key.user(), key.roles(), Instant.MAX, key.id(), List.of()));
        }
    }

    /** A key just minted, with the one copy of its secret there will ever be. */
    public record Minted(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "Minted[" + key + "]"; // never the secret
        }
    }

    /** @param permanent false when the key comes back at the next start (it is configured, or the file could not be written) */
    public record Revoked(ApiKey key, boolean permanent) {
    }

    @PostConstruct
    void load() {
        inline.ifPresent(json -> load(json, ApiKey.Source.CONFIG, "herald.api-keys"));
        file = fileLocation.filter(f -> !f.isBlank()).map(f -> Path.of(f.trim()).toAbsolutePath()).orElse(null);
        if (file != null) {
            try {
                load(Files.readString(file, StandardCharsets.UTF_8), ApiKey.Source.FILE, file.toString());
            } catch (NoSuchFileException e) {
                LOG.log(System.Logger.Level.INFO, "no API key file at {0} yet: it is created when the first key is minted", file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot read the API key file " + file + ": " + e + "; none of its keys is accepted");
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0} API key(s) loaded; minted keys are {1}", keys.size(),
                file == null ? "kept in memory only (no herald.api-keys.file)" : "written to " + file);
    }

    /** Loads the keys at start (an application-scoped bean is otherwise made at its first use), so problems show then. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        keys.size();
    }

    /** For tests of the pure logic: keys read from this inline JSON (may be null) and this file (may be null). */
    static ApiKeys of(String inlineJson, Path file) {
        ApiKeys k = new ApiKeys();
        k.inline = Optional.ofNullable(inlineJson);
        k.fileLocation = Optional.ofNullable(file).map(Path::toString);
        k.load();
        return k;
    }

    private void load(String json, ApiKey.Source source, String where) {
        ApiKeyEntries.Read read;
        try {
            read = ApiKeyEntries.read(json, source);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, "API keys in " + where + " ignored: " + e.getMessage());
            return;
        }
        read.skipped().forEach(why -> LOG.log(System.Logger.Level.WARNING, "API key " + why + " (in " + where + ")"));
        for (ApiKeyEntries.Parsed p : read.entries()) {
            if (keys.putIfAbsent(p.key().id(), new Entry(p.key(), p.sha256())) != null) {
                LOG.log(System.Logger.Level.WARNING, "API key entry ''{0}'' in {1} skipped: the id is configured already", p.key().id(), where);
            }
        }
    }

    /**
     * @param presented the {@code X-API-Key} header, never null
     * @return the caller of that key, never null
     * @throws AuthenticationException when it is not of the form {@code hk_<id>_<secret>}, or no key matches
     */
    public Caller verify(String presented) throws AuthenticationException {
        Matcher m = presented.length() <= MAX_KEY_CHARS ? KEY.matcher(presented) : null;
        if (m == null || !m.matches()) {
            throw new AuthenticationException("malformed API key: expected hk_<id>_<secret> as minted");
        }
        Entry e = keys.get(m.group(1));
        byte[] hash = sha256(presented);
        if (e == null || !MessageDigest.isEqual(e.sha256(), hash)) {
            throw new AuthenticationException("API key refused: unknown or revoked");
        }
        return e.caller();
    }

    /** @return whether a key with this id is accepted now */
    public boolean isActive(String id) {
        return keys.containsKey(id);
    }

    /** @return every key accepted now, without secrets, by id; a snapshot */
    public List<ApiKey> list() {
        return keys.values().stream().map(Entry::key).sorted(Comparator.comparing(ApiKey::id)).toList();
    }

    /**
     * Mints a key with a new id and a secret of 32 random bytes, and stores its hash (in the file when one is
     * configured, before this returns).
     *
     * @param request {@code {"tenant", "user"?, "roles"?, "label"?}}
     * @throws IllegalArgumentException with a sentence safe to show when the request is not valid
     * @throws UncheckedIOException when the file cannot be read or written: no key was minted
     */
    public Minted mint(JsonObject request) {
        ApiKeyEntries.Values values = ApiKeyEntries.values(request, ApiKeyEntries.REQUEST_FIELDS);
        synchronized (changes) {
            String id;
            do {
                id = newId();
            } while (keys.containsKey(id));
            String secret = "hk_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
            ApiKey key = ApiKeyEntries.key(id, values, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    file == null ? ApiKey.Source.MEMORY : ApiKey.Source.FILE);
            Entry entry = new Entry(key, sha256(secret));
            if (file != null) {
                String newId = id;
                rewrite(all -> Json.createObjectBuilder(all).add(newId, ApiKeyEntries.json(key, entry.sha256())).build());
            }
            keys.put(id, entry);
            LOG.log(System.Logger.Level.INFO, "API key {0} minted for tenant {1}, user {2}, roles {3}", id, key.tenant(), key.user(), key.roles());
            return new Minted(key, secret);
        }
    }

    /**
     * Revokes a key at once: no request is accepted with it after this returns (its open sessions are the caller's
     * to close). A key of the file is removed from it; if that fails the key is still revoked until the next start.
     *
     * @return the key revoked, empty when no key has this id
     */
    public Optional<Revoked> revoke(String id) {
        synchronized (changes) {
            Entry e = keys.remove(id);
            if (e == null) {
                return Optional.empty();
            }
            boolean permanent = true;
            if (e.key().source() == ApiKey.Source.FILE) {
                try {
                    rewrite(all -> Json.createObjectBuilder(all).remove(id).build());
                } catch (UncheckedIOException ex) {
                    permanent = false;
                    LOG.log(System.Logger.Level.ERROR, "API key " + id + " is revoked, but removing it from " + file
                            + " failed (" + ex.getCause() + "): it is accepted again after a restart unless removed there");
                }
            } else if (e.key().source() == ApiKey.Source.CONFIG) {
                permanent = false;
                LOG.log(System.Logger.Level.WARNING, "API key {0} is revoked until the next start: remove it from herald.api-keys", id);
            }
            LOG.log(System.Logger.Level.INFO, "API key {0} of tenant {1} revoked", id, e.key().tenant());
            return Optional.of(new Revoked(e.key(), permanent));
        }
    }

    /**
     * Reads the file as it is now, changes it and writes it whole to a temporary file in the same directory, then
     * moves that over it, so a reader (or a crash) sees the old file or the new one, never a part. Called holding
     * {@link #changes}.
     */
    private void rewrite(UnaryOperator<JsonObject> change) {
        try {
            JsonObject all;
            try {
                all = ApiKeyEntries.object(Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                all = JsonObject.EMPTY_JSON_OBJECT;
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is " + e.getMessage() + ": not overwritten");
            }
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp"); // owner-only on POSIX
            try {
                Files.writeString(temporary, ApiKeyEntries.write(change.apply(all)), StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String newId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[SECRET_BYTES];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
