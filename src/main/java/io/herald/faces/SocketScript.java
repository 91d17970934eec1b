package io.herald.faces;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The script of {@link HeraldSocket}: pure text, so that what reaches the page is tested without a server.
 * Every value from an attribute is written as a JavaScript string literal that cannot end the script element;
 * {@code onmessage}, {@code onstatus}, {@code tokenprovider} and the behaviors' scripts are JavaScript the page's author (or Faces) wrote
 * and are written as they are, as {@code <o:socket>} does with its callbacks. A classic script that imports
 * herald.js dynamically, so that an ajax update which re-renders it (Faces evaluates such scripts) keeps the one
 * connection of that client id ({@code window.heraldSockets}) and only swaps the callbacks and behaviors.
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
    static String of(String id, String base, List<String> rooms, List<String> types, String token, String tokenProvider,
                     String onmessage, String onstatus, Map<String, List<String>> behaviors) {
        StringJoiner options = new StringJoiner(", ", "{", "}");
        if (!rooms.isEmpty()) {
            options.add("rooms: " + array(rooms));
        }
        if (!types.isEmpty()) {
            options.add("types: " + array(types));
        }
        if (token != null && !token.isBlank()) {
            options.add("token: " + string(token.trim()));
        }
        if (!blank(tokenProvider)) {
            options.add("tokenProvider: (" + tokenProvider + ")");
        }
        StringBuilder js = new StringBuilder(512);
        js.append("(() => {\n");
        js.append("const heraldId = ").append(string(id)).append(";\n");
        // one client per socket id for the page's life: an ajax re-render of the script replaces the callbacks and
        // behaviors, never the connection
        js.append("const heraldSockets = window.heraldSockets || (window.heraldSockets = {});\n");
        js.append("const heraldSocket = heraldSockets[heraldId] || (heraldSockets[heraldId] = {});\n");
        js.append("heraldSocket.behaviors = {").append(behaviors.entrySet().stream().map(e -> string(e.getKey()) + ": ["
                + e.getValue().stream().map(b -> "function (event) { " + b + " }").collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", "))).append("};\n");
        js.append("heraldSocket.onmessage = ").append(blank(onmessage) ? "null" : "(" + onmessage + ")").append(";\n");
        js.append("heraldSocket.onstatus = ").append(blank(onstatus) ? "null" : "(" + onstatus + ")").append(";\n");
        js.append("if (heraldSocket.started) { if (heraldSocket.herald) document.getElementById(heraldId).herald = heraldSocket.herald; return; }\n");
        js.append("heraldSocket.started = true;\n");
        // after parsing, so that the callbacks may use what the page's later scripts (module scripts too) define
        js.append("const heraldStart = () => ");
        // a dynamic import, not a module script: Faces runs the scripts of an ajax update with eval
        js.append("import(").append(string(base + "herald.js")).append(").then(({ Herald }) => {\n");
        js.append("  const h = heraldSocket.herald = Herald.connect(new URL(").append(string(base)).append(", location.href).href, ")
                .append(options).append(");\n");
        js.append("  const el = document.getElementById(heraldId);\n");
        js.append("  if (el) el.herald = h;\n");
        js.append("  h.onStatus((status) => { if (heraldSocket.onstatus) heraldSocket.onstatus(status); });\n");
        js.append("  h.on('*', (frame) => {\n");
        js.append("    if (heraldSocket.onmessage) heraldSocket.onmessage(frame);\n");
        js.append("    const source = document.getElementById(heraldId);\n");
        js.append("    for (const fn of heraldSocket.behaviors[frame.type] || []) fn.call(source, frame);\n");
        js.append("  });\n");
        js.append("});\n");
        js.append("if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', heraldStart, { once: true }); else heraldStart();\n");
        js.append("})();\n");
        return js.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
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
