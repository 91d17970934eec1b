package io.herald.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders series in the Prometheus text exposition format 0.0.4: one {@code # HELP} and {@code # TYPE} per family,
 * then its samples. Used where the server has no metrics system Herald can register with (WildFly 39: see the README).
 * Stateless.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static String render(List<Series> series) {
        Map<String, List<Series>> families = new LinkedHashMap<>();
        for (Series s : series) {
            families.computeIfAbsent(s.family(), f -> new ArrayList<>()).add(s);
        }
        StringBuilder out = new StringBuilder(series.size() * 64);
        families.forEach((family, samples) -> {
            Series first = samples.get(0);
            out.append("# HELP ").append(family).append(' ').append(first.help()).append('\n');
            out.append("# TYPE ").append(family).append(' ').append(first.type()).append('\n');
            for (Series s : samples) {
                out.append(s.name());
                if (!s.tags().isEmpty()) {
                    out.append('{');
                    for (int i = 0; i < s.tags().size(); i += 2) {
                        out.append(i == 0 ? "" : ",").append(s.tags().get(i)).append("=\"");
                        escape(s.tags().get(i + 1), out);
                        out.append('"');
                    }
                    out.append('}');
                }
                double v = s.value().getAsDouble();
                out.append(' ');
                if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                    out.append((long) v);
                } else {
                    out.append(v);
                }
                out.append('\n');
            }
        });
        return out.toString();
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
