package io.herald.subscription;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An immutable set of event-type patterns. A pattern is an exact type ({@code face.registered}) or a prefix ending
 * in {@code *} ({@code alert.*}, or {@code *} alone for every type). The empty filter means "no subscription",
 * which per the contract lets every type through. Thread-safe; {@link #plus}/{@link #minus} return new instances.
 */
public final class TypeFilter {

    /** The filter of a session that subscribed to nothing: every type passes. */
    public static final TypeFilter NONE = new TypeFilter(Set.of());

    /** An event type: starts with a letter or digit, then letters, digits and {@code . _ : -}; at most 128 chars. */
    public static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");
    private static final Pattern PATTERN = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._:\\-]{0,126}\\*?");

    private final Set<String> patterns;
    private final Set<String> exact;
    private final String[] prefixes;

    private TypeFilter(Set<String> patterns) {
        this.patterns = Set.copyOf(patterns);
        Set<String> e = new LinkedHashSet<>();
        List<String> p = new java.util.ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.endsWith("*")) {
                p.add(pattern.substring(0, pattern.length() - 1));
            } else {
                e.add(pattern);
            }
        }
        this.exact = Set.copyOf(e);
        this.prefixes = p.toArray(String[]::new);
    }

    /** @return true when {@code pattern} is a valid exact type or prefix pattern */
    public static boolean isValidPattern(String pattern) {
        return pattern != null && PATTERN.matcher(pattern).matches();
    }

    /** @return true when {@code type} is a valid event type (what publishers may send) */
    public static boolean isValidType(String type) {
        return type != null && TYPE.matcher(type).matches();
    }

    /**
     * @param patterns valid patterns (see {@link #isValidPattern}); checked
     * @throws IllegalArgumentException naming the first invalid pattern
     */
    public TypeFilter plus(Collection<String> patterns) {
        requireValid(patterns);
        Set<String> next = new LinkedHashSet<>(this.patterns);
        next.addAll(patterns);
        return new TypeFilter(next);
    }

    public TypeFilter minus(Collection<String> patterns) {
        requireValid(patterns);
        Set<String> next = new LinkedHashSet<>(this.patterns);
        next.removeAll(patterns);
        return next.isEmpty() ? NONE : new TypeFilter(next);
    }

    /** @return true when a session with this filter receives events of {@code type} */
    public boolean matches(String type) {
        if (patterns.isEmpty() || exact.contains(type)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** @return the patterns as subscribed, an immutable snapshot */
    public Set<String> patterns() {
        return patterns;
    }

    public int size() {
        return patterns.size();
    }

    private static void requireValid(Collection<String> patterns) {
        for (String p : patterns) {
            if (!isValidPattern(p)) {
                throw new IllegalArgumentException("invalid type pattern: " + p);
            }
        }
    }

    @Override
    public String toString() {
        return "TypeFilter" + Arrays.toString(patterns.toArray());
    }
}
