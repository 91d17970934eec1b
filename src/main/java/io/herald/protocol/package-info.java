/**
 * The wire protocol, version 1: every frame as a record ({@link io.herald.protocol.EventFrame},
 * {@link io.herald.protocol.ControlFrames}), the close codes, the error codes, the sub-protocols, the client-frame
 * decoder, and one {@link io.herald.protocol.Codec} per sub-protocol. Depends on nothing above it: delivery, the
 * socket and the HTTP API use it; it knows no session, tenant or log.
 * <p>
 * A new sub-protocol (a binary {@code herald.v1.proto}) is a new {@code Codec} and an entry in
 * {@link io.herald.protocol.Codecs}, nothing else: delivery only queues {@link io.herald.protocol.WireFrame}s and asks
 * the session's codec how frames waiting together go out.
 */
package io.herald.protocol;
