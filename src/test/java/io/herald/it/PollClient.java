package io.herald.it;

import jakarta.json.JsonObject;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A long-poll client for ITs over {@link Api}: opens a session, polls it, sends its actions. */
public final class PollClient {

    private final URL base;
    private final String token;
    public final String session;
    /** The first answer's frames: welcome and what was replayed. */
    public final List<JsonObject> first;

    private PollClient(URL base, String token, JsonObject opened) {
        this.base = base;
        this.token = token;
        this.session = opened.getString("session");
        this.first = opened.getJsonArray("frames").getValuesAs(JsonObject.class);
    }

    /** Opens a poll session with these parameters ({@code rooms=a}), asserting 200 and {@code welcome} first. */
    public static PollClient open(URL base, String token, String... query) {
        Api.Answer a = Api.get(base, "api/v1/poll" + (query.length == 0 ? "" : "?" + String.join("&", query)), token);
        assertEquals(200, a.status(), a.toString());
        PollClient c = new PollClient(base, token, a.body());
        assertEquals("welcome", c.first.get(0).getString("type"), a.toString());
        assertEquals(c.session, c.first.get(0).getString("session"));
        return c;
    }

    /** @return the answer to one poll of this session with this {@code wait} */
    public Api.Answer pollAnswer(int waitSeconds) {
        return Api.get(base, "api/v1/poll?session=" + session + "&wait=" + waitSeconds, token);
    }

    /** @return the frames of one poll, asserting 200 */
    public List<JsonObject> poll(int waitSeconds) {
        Api.Answer a = pollAnswer(waitSeconds);
        assertEquals(200, a.status(), a.toString());
        assertEquals(session, a.body().getString("session"));
        return a.body().getJsonArray("frames").getValuesAs(JsonObject.class);
    }

    /** @return the answer to one action frame */
    public Api.Answer act(String frameJson) {
        return Api.post(base, "api/v1/sessions/" + session + "/actions", token, frameJson);
    }
}
