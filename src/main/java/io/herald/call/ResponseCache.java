package io.herald.call;

import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cached answers of one {@link HeraldCall} method: at most {@code maxEntries}, the least recently used dropped
 * first, each kept for the method's {@code cacheFor}. Keys carry the tenant (and the user unless the method shares
 * answers across users), so one tenant's answer is never found by another. Thread-safe (one monitor, held for a map
 * operation only); values are immutable JSON.
 */
final class ResponseCache {

    private record Entry(JsonValue value, long expiresAt) {
    }

    private final long ttlNanos;
    private final Map<String, Entry> entries;

    ResponseCache(java.time.Duration ttl, int maxEntries) {
        this.ttlNanos = ttl.toNanos();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** @return the answer kept for this key, or null when there is none or it has expired */
    synchronized JsonValue get(String key, long now) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (now - e.expiresAt >= 0) {
            entries.remove(key);
            return null;
        }
        return e.value;
    }

    synchronized void put(String key, JsonValue value, long now) {
        entries.put(key, new Entry(value, now + ttlNanos));
    }

    synchronized int size() {
        return entries.size();
    }

    /** The key of one call: tenant, user (null: shared by the tenant's users) and the canonical data. */
    static String key(String tenant, String user, JsonValue data) {
        return tenant + '\n' + (user == null ? "" : user) + '\n' + CanonicalJson.of(data);
    }
}
