package io.herald.socket;

/**
 * Joins the parts of one client text message as the container hands them on, and refuses the message as soon as its
 * UTF-8 size passes {@code herald.limits.frame-bytes}, before the rest of it arrives: Undertow (WildFly) does not
 * keep {@code Session.setMaxTextMessageBufferSize} for a message that arrives over several reads, and would buffer
 * it whole; Tyrus (Payara) hands on the fragments of a fragmented message. A part of a message already refused is
 * dropped. Memory: nothing between messages; a message in several parts is held until its last (at most the limit).
 * Not thread-safe: a session's parts arrive one at a time.
 */
final class TextParts {

    /** What {@link #add} answers, once per message, when the message has just gone over the limit. */
    static final String TOO_BIG = new String("too big");

    private final long maxBytes;
    private StringBuilder parts;
    private long bytes;
    private boolean refused;

    TextParts(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @return the whole message when {@code last} arrives; {@link #TOO_BIG} (compare by identity) the first time
     *         the message goes over the limit; null otherwise (more parts to come, or the message was refused)
     */
    String add(String part, boolean last) {
        String answer = null;
        if (!refused) {
            bytes += utf8Length(part);
            if (bytes > maxBytes) {
                refused = true; // answered once: the message's later parts are dropped
                parts = null;
                answer = TOO_BIG;
            } else if (last && parts == null) {
                answer = part;
            } else {
                parts = parts == null ? new StringBuilder(part) : parts.append(part);
                answer = last ? parts.toString() : null;
            }
        }
        if (last) {
            parts = null;
            bytes = 0;
            refused = false;
        }
        return answer;
    }

    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
        return n;
    }
}
