/**
 * Outbound lifecycle webhooks: each lifecycle change ({@code SessionOpened}, {@code SessionClosed},
 * {@code MemberJoined}, {@code MemberLeft}, {@code UserOnline}, {@code UserOffline}) is POSTed as a signed JSON body to
 * the configured URLs (a global one for every tenant, and each tenant's own), from a bounded queue, by a few sender
 * threads of its own, retried with backoff. Owns the queue, its threads and its HTTP client; observes the lifecycle
 * CDI events only (it never touches a connection, an outbox or a lane), so it can never block or slow delivery: a
 * full queue, a receiver down and a stop are counted drops ({@code herald_webhooks_dropped_total}), logged at most
 * once per interval per reason, never with a secret or a body.
 */
package io.herald.webhook;
