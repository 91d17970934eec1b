package io.herald.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated malformed client frames for {@link FuzzIT}, from a seed (the same seed, the same shots). Each shot is
 * what a client sends (one or more raw WebSocket frames) and what the contract promises for it: exactly one answer
 * ({@code closes} empty: a complete text message within the frame limit, whatever it holds), or a close with one of
 * {@code closes}: 1009 (over {@code herald.limits.frame-bytes}), 1003 (a binary frame), 1007 (text that is not UTF-8)
 * or 1002 (broken framing, answered by the server's WebSocket layer before Herald sees a message).
 */
final class Shots {

    static final int LIMIT = 65_536;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int FIN = 0x80;

    /** One raw frame: its first byte (FIN, RSV, opcode) and payload; {@code unmasked} breaks RFC 6455 on purpose. */
    record RawFrame(int firstByte, byte[] payload, boolean unmasked) {
    }

    /** @param closes empty when the shot must be answered; else the close codes it may end the connection with */
    record Shot(String kind, List<RawFrame> frames, Set<Integer> closes) {
    }

    private static final String[] ACTIONS = {"subscribe", "unsubscribe", "join", "leave", "ping", "info", "resume", "emit", "auth", "call"};
    private static final String[] FIELDS = {"action", "ref", "room", "types", "since", "token", "data", "type", "tenant", "method"};

    private final Random random;

    Shots(long seed) {
        this.random = new Random(seed);
    }

    Shot next() {
        int roll = random.nextInt(1000);
        if (roll < 250) {
            return answered("wrong-types", wrongTypes());
        } else if (roll < 330) {
            return answered("garbage-text", garbageText());
        } else if (roll < 360) {
            return answered("empty-or-blank", pick("", " ", "\n", "\t\r\n ", "\u0000", "\uFEFF"));
        } else if (roll < 400) {
            return answered("json-not-object", pick("null", "true", "1", "-0", "\"ping\"", "[]", "[{\"action\":\"ping\"}]", "{}", "{\"action\":null}", "1e400"));
        } else if (roll < 480) {
            return answered("deep-nesting", deep(random.nextInt(LIMIT / 6)));
        } else if (roll < 560) {
            return answered("huge-string", hugeString(LIMIT - 100));
        } else if (roll < 620) {
            return answered("huge-number", hugeNumber(LIMIT - 100));
        } else if (roll < 680) {
            return answered("unknown-action", "{\"action\":" + jsonString(randomString(random.nextInt(40))) + ",\"ref\":\"u\"}");
        } else if (roll < 760) {
            return answered("valid", valid());
        } else if (roll < 800) {
            return answered("unicode-and-escapes", unicode());
        } else if (roll < 860) {
            return fragmented();
        } else if (roll < 880) {
            return pingBetweenFragments();
        } else if (roll < 910) {
            return closing("invalid-utf8", Set.of(1007), frame(FIN | TEXT, invalidUtf8()));
        } else if (roll < 925) {
            return closing("binary", Set.of(1003), frame(FIN | BINARY, randomBytes(random.nextInt(2000))));
        } else if (roll < 945) {
            return overTheLimit();
        } else {
            return brokenFraming();
        }
    }

    private Shot answered(String kind, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > LIMIT) { // the generators stay within the limit; this keeps the promise honest if not
            return new Shot(kind + "-over-limit", List.of(new RawFrame(FIN | TEXT, payload, false)), Set.of(1009));
        }
        return new Shot(kind, List.of(new RawFrame(FIN | TEXT, payload, false)), Set.of());
    }

    private static Shot closing(String kind, Set<Integer> codes, RawFrame... frames) {
        return new Shot(kind, List.of(frames), codes);
    }

    private static RawFrame frame(int firstByte, byte[] payload) {
        return new RawFrame(firstByte, payload, false);
    }

    /** An action with one to three fields of a random JSON type, the {@code action} field itself among them. */
    private String wrongTypes() {
        StringBuilder b = new StringBuilder("{");
        String action = ACTIONS[random.nextInt(ACTIONS.length)];
        int fields = 1 + random.nextInt(3);
        boolean actionSet = false;
        for (int i = 0; i < fields; i++) {
            String field = FIELDS[random.nextInt(FIELDS.length)];
            actionSet |= field.equals("action");
            b.append(jsonString(field)).append(':').append(anyValue(3)).append(',');
        }
        if (!actionSet) {
            b.append("\"action\":").append(jsonString(action)).append(',');
        }
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    /** A JSON value of any type: null, boolean, numbers of every shape, strings, arrays, objects (nested to {@code depth}). */
    private String anyValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 12 : 9)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> pick("0", "-0", "1e308", "1e309", "-1e-400", "1E+999999999", "0.000000000000000000000001", "123456789012345678901234567890");
            case 4 -> String.valueOf(random.nextDouble() * 1e6);
            case 5 -> jsonString(randomString(random.nextInt(30)));
            case 6 -> jsonString(pick("", "*", "a*", "**", "private-x", "alert.*", "1-2", "x".repeat(129), "conv-7", "a b", "é"));
            case 7 -> "[]";
            case 8 -> "{}";
            case 9 -> {
                StringBuilder a = new StringBuilder("[");
                for (int i = random.nextInt(5); i > 0; i--) {
                    a.append(anyValue(depth - 1)).append(i > 1 ? "," : "");
                }
                yield a.append(']').toString();
            }
            default -> {
                StringBuilder o = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.append(jsonString(FIELDS[random.nextInt(FIELDS.length)])).append(':').append(anyValue(depth - 1)).append(i > 1 ? "," : "");
                }
                yield o.append('}').toString();
            }
        };
    }

    private String garbageText() {
        return switch (random.nextInt(4)) {
            case 0 -> randomString(random.nextInt(300));
            case 1 -> "{\"action\":\"ping\"" + randomString(random.nextInt(20)); // truncated JSON
            case 2 -> "{" + "\"a\":1,".repeat(random.nextInt(2000)); // unterminated object, many members
            default -> pick("{", "}", "[", "\"", "{\"action\"", "{\"action\":}", "{'action':'ping'}", "{action:ping}", "NaN", "Infinity",
                    "{\"action\":\"ping\"}{\"action\":\"ping\"}", "{\"action\":\"ping\",}", "/* */{}", "\"\\uD800\"", "\"\\x41\"");
        };
    }

    /** Deep nesting, within the frame limit: arrays, objects, or inside an action's field, closed or left open. */
    private String deep(int depth) {
        boolean close = random.nextBoolean();
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(depth) + (close ? "]".repeat(depth) : "");
            case 1 -> "{\"a\":".repeat(Math.min(depth, LIMIT / 6)) + "1" + (close ? "}".repeat(Math.min(depth, LIMIT / 6)) : "");
            default -> "{\"action\":\"subscribe\",\"types\":" + "[".repeat(depth) + (close ? "]".repeat(depth) + "}" : "");
        };
    }

    private String hugeString(int max) {
        int n = 1 + random.nextInt(max - 40);
        String s = random.nextBoolean() ? "x".repeat(n) : randomString(n / 3);
        String field = FIELDS[random.nextInt(FIELDS.length)];
        return "{\"action\":" + jsonString(ACTIONS[random.nextInt(ACTIONS.length)]) + "," + jsonString(field) + ":" + jsonString(s) + "}";
    }

    private String hugeNumber(int max) {
        int n = 1 + random.nextInt(max - 60);
        String digits = "9".repeat(n);
        String number = switch (random.nextInt(4)) {
            case 0 -> digits;
            case 1 -> "-0." + digits;
            case 2 -> "1" + digits.substring(0, Math.min(n, 20)) + "e" + (random.nextBoolean() ? "-" : "") + digits.substring(0, Math.min(n, 12));
            default -> digits + "." + digits.substring(0, Math.min(n, 100)) + "E999999999";
        };
        String field = FIELDS[random.nextInt(FIELDS.length)];
        if (field.equals("types")) {
            return "{\"action\":\"subscribe\",\"types\":[" + number + "]}";
        }
        return "{\"action\":" + jsonString(ACTIONS[random.nextInt(ACTIONS.length)]) + "," + jsonString(field) + ":" + number + "}";
    }

    /** Well-formed actions, some refused by the rules (private rooms, unknown ids), to keep the sessions' state moving. */
    private String valid() {
        String room = pick("conv-7", "lobby", "private-x", "r" + random.nextInt(200), "a:b@c.d_e-f");
        return switch (random.nextInt(7)) {
            case 0 -> "{\"action\":\"ping\",\"ref\":\"v\"}";
            case 1 -> "{\"action\":\"info\"}";
            case 2 -> "{\"action\":\"join\",\"room\":\"" + room + "\"}";
            case 3 -> "{\"action\":\"leave\",\"room\":\"" + room + "\"}";
            case 4 -> "{\"action\":\"subscribe\",\"types\":[\"fuzz.*\",\"t" + random.nextInt(200) + "\"]}";
            case 5 -> "{\"action\":\"unsubscribe\",\"types\":[\"*\"]}";
            default -> "{\"action\":\"resume\",\"since\":\"" + random.nextInt(1000) + "-" + random.nextInt(1000) + "\"}";
        };
    }

    private String unicode() {
        String s = pick("\uD83D\uDE00", "é", "\u0000", "\u202E", "\uFFFF", "日本語", "\\uD800", "\\u0000", "\\ud83d\\ude00", "\\\"", "\\/");
        return "{\"action\":\"" + pick("ping", "join", "subscribe", "pi\\u006Eg") + "\",\"ref\":\"" + s + "\",\"room\":\"" + s + "\",\"types\":[\"" + s + "\"]}";
    }

    /**
     * A message within the limit in 2–6 fragments, cut at random bytes (also inside a UTF-8 character), with empty
     * fragments now and then: one answer, like one frame.
     */
    private Shot fragmented() {
        String text = random.nextBoolean() ? "{\"action\":\"ping\",\"ref\":\"é\uD83D\uDE00-" + random.nextInt() + "\"}" : wrongTypes();
        byte[] whole = text.getBytes(StandardCharsets.UTF_8);
        int parts = 2 + random.nextInt(5);
        List<RawFrame> frames = new java.util.ArrayList<>();
        int at = 0;
        for (int i = 0; i < parts; i++) {
            int end = i == parts - 1 ? whole.length : at + random.nextInt(whole.length - at + 1);
            byte[] part = java.util.Arrays.copyOfRange(whole, at, end);
            frames.add(frame((i == parts - 1 ? FIN : 0) | (i == 0 ? TEXT : 0), part));
            at = end;
        }
        return new Shot("fragmented", frames, Set.of());
    }

    /** A control frame (ping) between the fragments of a message, which RFC 6455 allows: the message is still answered. */
    private Shot pingBetweenFragments() {
        byte[] a = "{\"action\":\"pi".getBytes(StandardCharsets.UTF_8);
        byte[] b = "ng\",\"ref\":\"between\"}".getBytes(StandardCharsets.UTF_8);
        return new Shot("ping-between-fragments", List.of(frame(TEXT, a), frame(FIN | 0x9, randomBytes(random.nextInt(126))), frame(FIN, b)), Set.of());
    }

    private Shot overTheLimit() {
        return switch (random.nextInt(4)) {
            case 0 -> closing("over-limit-text", Set.of(1009), frame(FIN | TEXT, ("{\"action\":\"join\",\"room\":\""
                    + "x".repeat(LIMIT + random.nextInt(50_000)) + "\"}").getBytes(StandardCharsets.UTF_8)));
            case 1 -> closing("over-limit-deep", Set.of(1009), frame(FIN | TEXT, "[".repeat(LIMIT + 1 + random.nextInt(50_000)).getBytes(StandardCharsets.UTF_8)));
            case 2 -> closing("over-limit-fragments", Set.of(1009), frame(TEXT, "x".repeat(40_000).getBytes(StandardCharsets.UTF_8)),
                    frame(0, "x".repeat(40_000).getBytes(StandardCharsets.UTF_8)), frame(FIN, "x".getBytes(StandardCharsets.UTF_8)));
            default -> closing("over-limit-binary", Set.of(1009), frame(FIN | BINARY, randomBytes(LIMIT + 1 + random.nextInt(30_000))));
        };
    }

    /**
     * Framing that RFC 6455 forbids; the server's WebSocket layer closes with 1002 (protocol error). But an unmasked
     * frame on Payara: Tyrus reads a mask key whatever the mask bit says, so it waits for bytes that never come, Herald
     * hears nothing more, and the heartbeat timeout closes the session with 4408.
     */
    private Shot brokenFraming() {
        Set<Integer> protocolError = Set.of(1002);
        return switch (random.nextInt(7)) {
            case 0 -> closing("continuation-without-start", protocolError, frame(FIN, "{}".getBytes(StandardCharsets.UTF_8)));
            case 1 -> closing("text-inside-a-fragmented-message", protocolError, frame(TEXT, "{\"a\":".getBytes(StandardCharsets.UTF_8)),
                    frame(FIN | TEXT, "{}".getBytes(StandardCharsets.UTF_8)));
            case 2 -> closing("reserved-opcode", protocolError, frame(FIN | (random.nextBoolean() ? 0x3 : 0xB), randomBytes(10)));
            case 3 -> closing("rsv-bits", protocolError, frame(FIN | 0x40 | TEXT, "{}".getBytes(StandardCharsets.UTF_8)));
            case 4 -> closing("fragmented-ping", protocolError, frame(0x9, randomBytes(5)));
            case 5 -> closing("ping-over-125-bytes", protocolError, frame(FIN | 0x9, randomBytes(126 + random.nextInt(200))));
            default -> closing("unmasked", Set.of(1002, 4408), new RawFrame(FIN | TEXT, "{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8), true));
        };
    }

    /** Bytes that are not UTF-8: lone continuation bytes, overlong forms, surrogates, bytes never used, a cut sequence. */
    private byte[] invalidUtf8() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"action\":\"ping\",\"ref\":\"".getBytes(StandardCharsets.UTF_8));
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        b.writeBytes(bad[random.nextInt(bad.length)]);
        if (random.nextBoolean()) {
            b.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** Printable and non-printable characters, valid UTF-16 (so valid UTF-8 once encoded). */
    private String randomString(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                s.append((char) (0x20 + random.nextInt(0x5F)));
            } else if (kind < 8) {
                s.append((char) random.nextInt(0x20));
            } else if (kind < 9) {
                s.append((char) (0xA0 + random.nextInt(0xD000)));
            } else {
                s.appendCodePoint(0x10000 + random.nextInt(0x10000));
            }
        }
        return s.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    /** @return the text as a JSON string literal */
    static String jsonString(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }
}
