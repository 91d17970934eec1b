/**
 * Authentication: turns a credential (a JWT from the {@code Authorization} header, the token cookie or the WebSocket
 * URL, or an API key) into a {@link io.herald.auth.Caller}.
 * <p>
 * Owns the key material (inline, a file, or an identity provider's JWKS URL, cached and refreshed on rotation), the
 * API keys ({@link io.herald.auth.ApiKeys}: their hashes, minting and revocation) and the verification rules, built
 * on Nimbus JOSE+JWT. It reads configuration (and writes the API key file that configuration names): it knows
 * nothing of sessions, rooms or delivery; closing the sessions of a revoked key is {@code access}'s. The WebSocket
 * handshake and the HTTP API both call {@link io.herald.auth.Authenticator}, so both accept exactly the same
 * credentials.
 */
package io.herald.auth;
