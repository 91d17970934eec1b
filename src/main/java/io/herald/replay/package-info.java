/**
 * The event log: assigns each event its id in its tenant's stream and keeps recent events for replay.
 * {@link io.herald.replay.EventLog} is the interface; {@link io.herald.replay.MemoryEventLog} the single-node default.
 * Depends on nothing above it.
 */
package io.herald.replay;
