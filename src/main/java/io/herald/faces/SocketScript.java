package io.herald.faces;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The module script of {@link HeraldSocket}: pure text, so that what reaches the page is tested without a server.
 * Every value from an attribute is written as a JavaScript string literal that cannot end the script element;
 * {@code onmessage}, {@code onstatus} and the behaviors' scripts are JavaScript the page's author (or Faces) wrote
 * and are written as they are, as {@code <o:socket>} does with its callbacks.
 */
final class SocketScript {

    private SocketScript() {
    }

    /**
     * @param id        the script element's id (the component's client id), never null
     * @param base      Herald's URL (its context root, ending in {@code /}), absolute or from the host's root
     * @param behaviors event type → scripts run with {@code this} the script element and {@code event} the frame
     * @return the script's text, never null
     */
    static String of(String id, String base, List<String> rooms, List<String> types, String token, String onmessage,
                     String onstatus, Map<String, List<String>> behaviors) {
        StringBuilder js = new StringBuilder(512);
        js.append("import { Herald } from ").append(string(base + "herald.js")).append(";\n");
        js.append("const el = document.getElementById(").append(string(id)).append(");\n");
        js.append("const behaviors = {");
        js.append(behaviors.entrySet().stream().map(e -> string(e.getKey()) + ": ["
                + e.getValue().stream().map(s -> "function (event) { " + s + " }").collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", ")));
        js.append("};\n");
        js.append("const options = {");
        StringBuilder opts = new StringBuilder();
        if (!rooms.isEmpty()) {
            opts.append("rooms: ").append(array(rooms));
        }
        if (!types.isEmpty()) {
            opts.append(opts.length() > 0 ? ", " : "").append("types: ").append(array(types));
        }
        if (token != null && !token.isBlank()) {
            opts.append(opts.length() > 0 ? ", " : "").append("token: ").append(string(token.trim()));
        }
        js.append(opts).append("};\n");
        js.append("const h = el.herald = Herald.connect(new URL(").append(string(base)).append(", location.href).href, options);\n");
        if (onstatus != null && !onstatus.isBlank()) {
            js.append("h.onStatus((").append(onstatus).append("));\n");
        }
        js.append("const onmessage = ").append(onmessage != null && !onmessage.isBlank() ? "(" + onmessage + ")" : "null").append(";\n");
        js.append("h.on('*', (frame) => {\n");
        js.append("  if (onmessage) onmessage(frame);\n");
        js.append("  for (const fn of behaviors[frame.type] || []) fn.call(el, frame);\n");
        js.append("});\n");
        return js.toString();
    }

    private static String array(List<String> values) {
        return values.stream().map(SocketScript::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A JavaScript string literal; {@code <}, {@code >} and {@code &} escaped so that it cannot close the script. */
    static String string(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == 0x2028 || c == 0x2029) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
