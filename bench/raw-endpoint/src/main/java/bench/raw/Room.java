package bench.raw;

import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The one room of the raw baseline: every open session, and a broadcast of one text frame to each. */
final class Room {

    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();

    private Room() {
    }

    static void join(Session session) {
        SESSIONS.add(session);
    }

    static void leave(Session session) {
        SESSIONS.remove(session);
    }

    /** One async send per session; a session whose send throws is skipped, never stops the others. */
    static int broadcast(String text) {
        int sent = 0;
        for (Session session : SESSIONS) {
            try {
                session.getAsyncRemote().sendText(text);
                sent++;
            } catch (RuntimeException e) {
                SESSIONS.remove(session);
            }
        }
        return sent;
    }
}
