package io.herald.publish;

/**
 * Implemented by an application's event records to have Herald push them: fire the record as an ordinary CDI event
 * and Herald delivers it to the sessions it addresses, after the surrounding transaction commits (never on
 * rollback; at once when there is no transaction).
 * <pre>{@code
 * public record FaceRegistered(String tenant, String faceId) implements HeraldEvent {
 *     public String type() { return "face.registered"; }
 * }
 * @Inject Event<FaceRegistered> faceRegistered;
 * faceRegistered.fire(new FaceRegistered("acme", "f-42"));
 * }</pre>
 * Addressing: {@link #room()} and {@link #user()} default to null, which means the whole tenant. The payload
 * ({@code data}) is the record itself, serialised with JSON-B, unless {@link #data()} says otherwise.
 */
public interface HeraldEvent {

    /** @return the tenant whose sessions may receive the event; never null */
    String tenant();

    /** @return the event type, e.g. {@code face.registered}: a letter or digit, then letters, digits, {@code . _ : -} */
    String type();

    /** @return the room to address, or null */
    default String room() {
        return null;
    }

    /** @return the user (every one of their devices) to address, or null */
    default String user() {
        return null;
    }

    /** @return the payload written as the envelope's {@code data}; by default the event itself */
    default Object data() {
        return this;
    }
}
