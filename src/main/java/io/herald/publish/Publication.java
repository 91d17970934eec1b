package io.herald.publish;

/**
 * An event to publish, as every publishing path hands it to the {@link Publisher}.
 *
 * @param tenant never null: the publisher's tenant, from its credential or its event record
 * @param type   a valid event type (see {@link io.herald.subscription.TypeFilter#isValidType})
 * @param room   null for no room
 * @param user   null for no user; room and user both null address the whole tenant
 * @param data   the payload, serialised with JSON-B (a JSON-P value is written as is); may be null
 */
public record Publication(String tenant, String type, String room, String user, Object data) {
}
