package io.herald.cluster;

import io.herald.log.EventDraft;
import io.herald.log.EventId;
import io.herald.log.LoggedEvent;
import io.herald.log.Replay;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * An event as a cluster log stores it: a flat map of strings (a Redis Stream entry's fields, a Hazelcast ringbuffer
 * item: a {@link HashMap} of strings needs none of Herald's classes to be read on another node). The id is not in it:
 * it is the store's (the stream entry id, the ringbuffer sequence). Stateless.
 */
final class LogEntries {

    static final String TYPE = "type";
    static final String ROOM = "room";
    static final String USER = "user";
    static final String DATA = "data";
    static final String AT = "at";
    /** The appending node's {@link PendingAppends#expect origin}: its follower completes the append on reading it. */
    static final String ORIGIN = "o";
    /** The publisher's W3C traceparent, stored with the entry so a delivery on any node joins the publish's trace. */
    static final String TRACEPARENT = "tp";

    private LogEntries() {
    }

    /** @return a new mutable map of the draft's fields, logged now, from {@code origin} */
    static HashMap<String, String> of(EventDraft d, String origin) {
        HashMap<String, String> body = new HashMap<>();
        body.put(TYPE, d.type());
        if (d.room() != null) {
            body.put(ROOM, d.room());
        }
        if (d.user() != null) {
            body.put(USER, d.user());
        }
        body.put(DATA, d.data());
        body.put(AT, Long.toString(System.currentTimeMillis()));
        body.put(ORIGIN, origin);
        if (d.traceparent() != null) {
            body.put(TRACEPARENT, d.traceparent());
        }
        return body;
    }

    /**
     * Runs a cluster log's replay read: any failure of the store (unreachable, timed out, interrupted) answers a
     * reset, since what was missed cannot be told: the client reloads.
     */
    static Replay readOrReset(EventId since, Callable<Replay> read) {
        try {
            return read.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Replay.Reset(since.toString(), null);
        } catch (Exception e) {
            return new Replay.Reset(since.toString(), null);
        }
    }

    static LoggedEvent event(String tenant, EventId id, Map<String, String> body, long published) {
        return new LoggedEvent(id, tenant, body.get(TYPE), body.get(ROOM), body.get(USER), body.get(DATA),
                Long.parseLong(body.getOrDefault(AT, "0")), new LoggedEvent.FrameCache(), published, body.get(TRACEPARENT));
    }
}
