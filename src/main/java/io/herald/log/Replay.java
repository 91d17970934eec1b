package io.herald.log;

import java.util.List;

/** What the log answers to "everything after this id". */
public sealed interface Replay {

    /** The events after the asked id, oldest first; an immutable list, possibly empty. */
    record Events(List<LoggedEvent> events) implements Replay {
        public Events {
            events = List.copyOf(events);
        }
    }

    /**
     * The asked id is older than what is kept, or of another epoch: the client must reload its state.
     *
     * @param oldest the oldest id still kept, or null when nothing is kept
     */
    record Reset(String since, String oldest) implements Replay {
    }
}
