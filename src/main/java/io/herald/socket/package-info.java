/**
 * The WebSocket boundary: the {@code /ws} endpoint, its handshake authentication (with the connection's connect
 * point in its tenant's stream), and the client actions. Thin: it authenticates, decodes with the protocol's decoder
 * and hands over to the tenant registry and to delivery; it keeps no collection of sessions and writes to none.
 */
package io.herald.socket;
