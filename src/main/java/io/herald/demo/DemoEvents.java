package io.herald.demo;

import io.herald.publish.HeraldEvent;

/** The demo domain's events: what a real application would declare in its own code. */
public final class DemoEvents {

    private DemoEvents() {
    }

    public record FaceRegistered(String tenant, String faceId, String externalId) implements HeraldEvent {
        public String type() { return "face.registered"; }
    }

    public record FaceDeleted(String tenant, String faceId) implements HeraldEvent {
        public String type() { return "face.deleted"; }
    }

    public record VerificationCompleted(String tenant, String faceId, boolean matched, double score) implements HeraldEvent {
        public String type() { return "verification.completed"; }
    }

    public record AlertTriggered(String tenant, String severity, String message) implements HeraldEvent {
        public String type() { return "alert.triggered"; }
    }

    public record MetricUpdated(String tenant, String metric, double value) implements HeraldEvent {
        public String type() { return "metric.updated"; }
    }

    /** Addressed to one user: every one of their devices receives it. */
    public record Notification(String tenant, String user, String id, String title) implements HeraldEvent {
        public String type() { return "notification"; }
    }

    public record NotificationUpdate(String tenant, String user, String id, boolean read) implements HeraldEvent {
        public String type() { return "notification_update"; }
    }

    /** Addressed to a conversation's room. */
    public record MessageNew(String tenant, String room, String messageId, String from, String text) implements HeraldEvent {
        public String type() { return "message:new"; }
    }

    public record MessageRead(String tenant, String room, String messageId, String by) implements HeraldEvent {
        public String type() { return "message:read"; }
    }

    public record ConversationUpdated(String tenant, String room, String status) implements HeraldEvent {
        public String type() { return "conversation:updated"; }
    }
}
