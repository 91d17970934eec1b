/**
 * Abuse limits as token buckets: {@link io.herald.limits.TokenBucket} and {@link io.herald.limits.RateLimiter}
 * (buckets by key, forgotten once idle). Pure logic; the boundaries that apply a limit (the upgrade filter, the
 * publish resource) own its configuration and the answer it gets. Depends on nothing.
 */
package io.herald.limits;
