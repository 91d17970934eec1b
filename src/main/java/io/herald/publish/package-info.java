/**
 * Publishing: the ways events enter Herald. Application code fires its own {@link io.herald.publish.HeraldEvent}
 * records as CDI events (delivered after the transaction commits); external systems POST to
 * {@code /api/v1/events}. Both go through the {@link io.herald.publish.Publisher}, which validates, encodes the
 * payload once and appends to the event log; delivery fans out from the log. Optionally
 * ({@code herald.publish.outbox=on}) the {@link io.herald.publish.TransactionalOutbox} owns the table that holds
 * events fired in a JTA transaction until its relay appended them. Depends on the log (and its admission interface),
 * auth and the protocol's JSON, never on delivery.
 */
package io.herald.publish;
