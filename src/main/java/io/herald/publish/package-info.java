/**
 * Publishing: the ways events enter Herald. Application code fires its own {@link io.herald.publish.HeraldEvent}
 * records as CDI events (delivered after the transaction commits); external systems POST to
 * {@code /api/v1/events}. Both end in {@link io.herald.delivery.Router#publish}.
 */
package io.herald.publish;
