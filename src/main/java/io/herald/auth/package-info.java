/**
 * Authentication: turns a credential (an RS256 JWT today; API keys later) into a {@link io.herald.auth.Caller}.
 * <p>
 * Owns the key material and the verification rules. It reads only configuration: it knows nothing of
 * sessions, rooms or delivery. The WebSocket handshake and the HTTP API both call {@link io.herald.auth.Authenticator},
 * so both accept exactly the same credentials.
 */
package io.herald.auth;
