/**
 * Access control at run time, over the HTTP API: taking authority away from sessions that hold it
 * ({@code DELETE /api/v1/sessions?user=}, revocation, 4401). It owns no session state: it asks
 * {@code tenant.TenantRegistry} for the sessions and closes them through {@code delivery.Eviction}.
 */
package io.herald.access;
