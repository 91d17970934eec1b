/**
 * Authentication: turns a credential (a JWT today, from the {@code Authorization} header, the token cookie or the
 * WebSocket URL; API keys later) into a {@link io.herald.auth.Caller}.
 * <p>
 * Owns the key material (inline, a file, or an identity provider's JWKS URL, cached and refreshed on rotation) and
 * the verification rules, built on Nimbus JOSE+JWT. It reads only configuration: it knows nothing of sessions, rooms
 * or delivery. The WebSocket handshake and the HTTP API both call {@link io.herald.auth.Authenticator}, so both
 * accept exactly the same credentials.
 */
package io.herald.auth;
