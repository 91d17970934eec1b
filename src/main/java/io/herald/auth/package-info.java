/**
 * Authentication: turns a credential (an RS256 JWT, or an API key) into a {@link io.herald.auth.Caller}.
 * <p>
 * Owns the key material, the API keys ({@link io.herald.auth.ApiKeys}: their hashes, minting and revocation) and the
 * verification rules. It reads configuration (and writes the API key file that configuration names): it knows
 * nothing of sessions, rooms or delivery; closing the sessions of a revoked key is {@code access}'s. The WebSocket
 * handshake and the HTTP API both call {@link io.herald.auth.Authenticator}, so both accept exactly the same
 * credentials.
 */
package io.herald.auth;
