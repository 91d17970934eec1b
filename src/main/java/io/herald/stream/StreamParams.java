package io.herald.stream;

import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The connect-time parameters of a session opened over HTTP ({@code rooms}, {@code types}, {@code since}). Stateless. */
final class StreamParams {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private StreamParams() {
    }

    /**
     * @return the request's {@code rooms}, {@code types} and {@code since}, by name; an SSE reconnect's
     *         {@code Last-Event-ID} header wins over {@code since}
     */
    static Map<String, List<String>> of(HttpServletRequest request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : List.of("rooms", "types", "since")) {
            String[] values = request.getParameterValues(name);
            if (values != null) {
                params.put(name, List.of(values));
            }
        }
        String lastEventId = request.getHeader(LAST_EVENT_ID);
        if (lastEventId != null && !lastEventId.isBlank()) {
            params.put("since", List.of(lastEventId));
        }
        return params;
    }
}
