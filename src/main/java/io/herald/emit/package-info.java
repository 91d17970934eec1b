/**
 * Client events ({@code emit}): a member of a room sends a short-lived event (typing, a read receipt) to the room's
 * other connections, when its type is in {@code herald.emit.types}. They are not events of the log: no id, never
 * replayed, not counted in the backlog. {@link io.herald.emit.ClientEvents} checks, limits (a token bucket per
 * connection, its own), tells the application ({@link io.herald.emit.ClientEvent}, a synchronous CDI event that may
 * veto with {@link io.herald.emit.ClientEventVetoed}) and hands the frame to delivery's {@code Dispatcher.broadcast}.
 * Keeps per connection only its bucket, made at its first emit and dropped when it closes.
 */
package io.herald.emit;
