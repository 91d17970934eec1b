/**
 * Delivery: routes a publication to the sessions it addresses, through one bounded {@link io.herald.delivery.Outbox}
 * per session with at most one send in flight. The only component that writes to a WebSocket session.
 * <p>
 * The way of one event: {@link io.herald.delivery.Router#publish} takes the tenant's monitor, gets the event its id
 * from the event log, encodes it once, and queues the same string in every addressee's outbox (a non-blocking
 * offer); after the monitor is released, the {@link io.herald.delivery.Flusher} starts the sends of the outboxes that
 * were idle, in chunks: on each connection's own I/O thread on Undertow, else on a small pool. Completions chain the
 * next send, coalescing what waits into one frame for sessions that speak {@code herald.v1.ndjson}. A publisher never
 * waits for a client.
 */
package io.herald.delivery;
