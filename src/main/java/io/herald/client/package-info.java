/**
 * Serving herald.js, the JavaScript client, at {@code GET /herald.js}. Its one source is
 * {@code src/main/js/herald/herald.js}, which the build copies into the WAR's root; this component only serves those
 * bytes with a JavaScript content type, a validator and a cache header. Depends on no other component.
 */
package io.herald.client;
