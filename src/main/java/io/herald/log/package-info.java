/**
 * The event log: assigns each event its id in its tenant's stream, keeps recent events for replay, and tells
 * delivery of each appended event in order ({@link io.herald.log.EventLog.Listener}). {@link io.herald.log.EventLog}
 * is the seam for scale-out (its append completes asynchronously); {@link io.herald.log.MemoryEventLog} is the
 * single-node default. Depends on nothing above it.
 */
package io.herald.log;
