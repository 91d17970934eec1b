/**
 * The WebSocket boundary: the {@code /ws} endpoint, its handshake authentication, the client-frame decoder, the
 * control frames and the close codes. Thin: it authenticates, decodes and hands over to the tenant registry and
 * to delivery; it keeps no collection of sessions.
 */
package io.herald.socket;
