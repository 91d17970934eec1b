package io.herald.emit;

/**
 * Thrown by an observer of {@link ClientEvent} to refuse it: the event is not delivered and the sender's {@code emit}
 * is answered {@code error} {@code forbidden} with this message (keep it short, it goes to the client).
 */
public class ClientEventVetoed extends RuntimeException {

    public ClientEventVetoed(String message) {
        super(message, null, false, false);
    }
}
