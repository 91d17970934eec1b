package bench.raw;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** Every connection joins the room; the session is registered last in onOpen (a push before that can fail on Payara). */
@ServerEndpoint("/ws")
public class RoomEndpoint {

    @OnOpen
    public void onOpen(Session session) {
        session.setMaxIdleTimeout(0);
        Room.join(session);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        Room.leave(session);
    }

    @OnError
    public void onError(Session session, Throwable error) {
        Room.leave(session);
    }
}
