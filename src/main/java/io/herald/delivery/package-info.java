/**
 * Delivery: fans each event out from the log to the sessions it addresses, through one bounded
 * {@link io.herald.delivery.Outbox} per session with at most one send in flight. The only component that writes to a
 * session ({@link io.herald.delivery.FrameSink}).
 * <p>
 * The way of one event: the log tells the {@link io.herald.delivery.Dispatcher} of it, in id order per tenant; the
 * dispatcher encodes it once per encoding, then, in the tenant's dispatch lane (a lock of delivery's own), queues it
 * in every addressee's outbox (a non-blocking offer); after the lane, the {@link io.herald.delivery.Flusher} starts
 * the sends of the outboxes that were idle, in chunks: on each connection's own I/O thread on Undertow, else on a
 * small pool. Completions chain the next send, coalescing what waits as the session's codec allows. A publisher
 * never waits for a client.
 * <p>
 * Slow consumers and a slow node are told apart: a session whose socket does not drain (a send in flight past
 * {@code herald.outbox.send-timeout}, or a queue past its bounds) is closed with 4508 through
 * {@link io.herald.delivery.Eviction}; when the node itself is behind, {@link io.herald.delivery.Backlog} refuses new
 * publishes at the entrance instead.
 */
package io.herald.delivery;
