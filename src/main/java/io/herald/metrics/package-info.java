/**
 * Metrics: the one set of counters behind Prometheus and {@code GET /api/v1/stats}, and their export to what the
 * server has. Owns {@link io.herald.metrics.TenantStats} (one per tenant, held by the tenant), the node-wide counters
 * ({@link io.herald.metrics.HeraldMetrics}: auth failures, refused upgrades), the {@code tenant} tag and its cap, and
 * the two exports: MicroProfile Metrics where the server has it (Payara: {@code /metrics?scope=application}), else
 * Herald's own Prometheus text at {@code /metrics} of the application (WildFly 39). Each figure is counted at one
 * place in the component that sees it happen, by one call here; nothing here imports another Herald component.
 */
package io.herald.metrics;
