package io.herald.it;

import io.herald.emit.ClientEvent;
import io.herald.emit.ClientEventVetoed;
import io.herald.publish.HeraldEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * Test-only, deployed into herald.war by {@link ClientEventsIT}: an application bean that stores read receipts as an
 * application would (here: it publishes a {@code receipt.stored} event to the sender, which the test can see) and
 * vetoes a receipt whose data says {@code "veto": true}.
 */
@ApplicationScoped
public class EmitProbe {

    @Inject
    Event<Stored> stored;

    void receipt(@Observes ClientEvent e) {
        if (!e.type().equals("message:read")) {
            return;
        }
        if (e.data() instanceof JsonObject o && o.getBoolean("veto", false)) {
            throw new ClientEventVetoed("not your message");
        }
        stored.fire(new Stored(e.tenant(), e.user(), e.room() + " " + e.data()));
    }

    /** The receipt as stored, told to its sender. */
    public record Stored(String tenant, String user, String receipt) implements HeraldEvent {
        @Override
        public String type() {
            return "receipt.stored";
        }
    }
}
