package io.herald.it;

/** Reads Herald's documented id form {@code <epoch>-<sequence>} in tests. */
final class EventIds {

    private EventIds() {
    }

    static long epoch(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }
}
