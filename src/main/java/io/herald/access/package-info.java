/**
 * Access control at run time, over the HTTP API: minting, listing and revoking API keys ({@code /api/v1/keys}), and
 * taking authority away from sessions that hold it ({@code DELETE /api/v1/sessions?user=}, a revoked key: 4401), and
 * listing a user's sessions ({@code GET /api/v1/sessions?user=}: what the admin page's disconnect button acts on). It
 * owns no state: the keys are {@code auth}'s, the sessions {@code tenant}'s, and a session is closed only through
 * {@code delivery.Eviction}.
 */
package io.herald.access;
