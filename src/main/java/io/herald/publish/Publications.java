package io.herald.publish;

import io.herald.subscription.TypeFilter;
import io.herald.tenant.RoomNames;

/** The rules every publication obeys, whichever path it came by. */
final class Publications {

    private Publications() {
    }

    /**
     * @return a description of what is wrong, or null when the publication is valid
     */
    static String problem(Publication p) {
        if (!TypeFilter.isValidType(p.type())) {
            return "'type' must be an event type: a letter or digit, then letters, digits and . _ : -, at most 128 characters";
        }
        if (p.room() != null && !RoomNames.isValid(p.room())) {
            return "'room' must be a room name: a letter or digit, then letters, digits and . _ : @ -, at most 128 characters";
        }
        if (p.user() != null && (p.user().isEmpty() || p.user().length() > 128)) {
            return "'user' must be a user id of 1 to 128 characters";
        }
        return null;
    }
}
