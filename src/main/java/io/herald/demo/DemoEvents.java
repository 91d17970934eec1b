package io.herald.demo;

import io.herald.publish.HeraldEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo domain's events: what a real application would declare in its own code. Their types and payloads are
 * those of the systems Herald replaces (../shared/seeds: the face-recognition hub, the notification service, the
 * clinic chat), snake_case as their clients read them; each record's {@code data()} is that payload, without the
 * tenant (the envelope carries it). Values; the maps they return are fresh, in a stable field order.
 */
public final class DemoEvents {

    private DemoEvents() {
    }

    /** An ordered payload from alternating names and values. */
    static Map<String, Object> payload(Object... namesAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            data.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return data;
    }

    public record FaceRegistered(String tenant, String faceId, String externalId, String camera) implements HeraldEvent {
        public String type() { return "face.registered"; }
        public Object data() { return payload("face_id", faceId, "external_id", externalId, "camera", camera); }
    }

    public record FaceDeleted(String tenant, String faceId) implements HeraldEvent {
        public String type() { return "face.deleted"; }
        public Object data() { return payload("face_id", faceId); }
    }

    public record VerificationCompleted(String tenant, String faceId, boolean matched, double score, long latencyMs)
            implements HeraldEvent {
        public String type() { return "verification.completed"; }
        public Object data() { return payload("face_id", faceId, "matched", matched, "score", score, "latency_ms", latencyMs); }
    }

    /** @param severity {@code info}, {@code warning} or {@code critical} */
    public record AlertTriggered(String tenant, String alertId, String severity, String message, String source) implements HeraldEvent {
        public String type() { return "alert.triggered"; }
        public Object data() { return payload("alert_id", alertId, "severity", severity, "message", message, "source", source); }
    }

    public record MetricUpdated(String tenant, String metric, double value, String unit) implements HeraldEvent {
        public String type() { return "metric.updated"; }
        public Object data() { return payload("metric", metric, "value", value, "unit", unit); }
    }

    /** Addressed to one user: every one of their devices receives it. {@code level}: INFO, SUCCESS, WARNING. */
    public record Notification(String tenant, String user, String id, String title, String message, String level,
                               Instant createdAt) implements HeraldEvent {
        public String type() { return "notification"; }
        public Object data() {
            return payload("notification_id", id, "user_id", user, "title", title, "message", message, "type", level,
                    "status", "UNREAD", "created_at", createdAt.toString());
        }
    }

    /** Addressed to one user: a notification of theirs changed status (READ) on one of their devices. */
    public record NotificationUpdate(String tenant, String user, String id, String status) implements HeraldEvent {
        public String type() { return "notification_update"; }
        public Object data() { return payload("notification_id", id, "status", status); }
    }

    /** Addressed to a conversation's room. */
    public record MessageNew(String tenant, String room, String messageId, String from, String text, Instant sentAt)
            implements HeraldEvent {
        public String type() { return "message:new"; }
        public Object data() {
            return payload("message_id", messageId, "conversation_id", room, "from", from, "text", text, "sent_at", sentAt.toString());
        }
    }

    /** A participant read a conversation up to a message (clients send theirs as the client event of this type). */
    public record MessageRead(String tenant, String room, String messageId, String by) implements HeraldEvent {
        public String type() { return "message:read"; }
        public Object data() { return payload("message_id", messageId, "conversation_id", room, "by", by); }
    }

    /** @param status {@code open}, {@code waiting} or {@code closed} */
    public record ConversationUpdated(String tenant, String room, String status) implements HeraldEvent {
        public String type() { return "conversation:updated"; }
        public Object data() { return payload("conversation_id", room, "status", status); }
    }
}
