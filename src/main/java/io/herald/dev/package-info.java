/**
 * DEV ONLY: a token endpoint for the demo page and local experiments. Off unless {@code herald.dev.enabled=true}
 * and a private key is configured; never turn it on in production, it mints tokens for any tenant and user.
 */
package io.herald.dev;
