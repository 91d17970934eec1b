/**
 * The tenant registry: the one owner of live sessions, indexed by tenant, room and user, and of per-tenant
 * counters. Nothing else keeps a reference to a session. Each tenant's monitor orders that tenant's stream: the
 * registry mutates a tenant's indexes only while holding it, and the router publishes while holding it.
 */
package io.herald.tenant;
