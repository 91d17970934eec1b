/**
 * The admin page's server side: the page itself at {@code /admin} ({@link io.herald.admin.AdminPageServlet}) and the
 * {@code herald.stats} feed that draws its charts ({@link io.herald.admin.StatsFeed}): once a second a snapshot of
 * the figures (the same counters as {@code GET /api/v1/stats} and the metrics) goes as a control frame, never through
 * a tenant's event log, to each open session of a {@code herald-admin} caller that subscribed to exactly that type.
 * Owns the set of admin sessions (told by the registry's {@code MembershipListener}) and the previous snapshot; reads
 * the registry and the counters, sends through {@code delivery.Dispatcher}, and changes nothing else.
 */
package io.herald.admin;
