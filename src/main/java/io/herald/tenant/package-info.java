/**
 * The tenant registry: the one owner of live connections, indexed by tenant, room and user, of per-tenant counters,
 * and of the connection lifecycle events ({@link io.herald.tenant.SessionOpened}, {@link io.herald.tenant.SessionClosed}).
 * Nothing else keeps a reference to a session. A connection holds an {@link io.herald.tenant.Outbound}, an interface
 * this component owns and delivery implements: the registry does not depend on delivery.
 */
package io.herald.tenant;
