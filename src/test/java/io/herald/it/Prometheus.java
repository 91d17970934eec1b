package io.herald.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's own Prometheus text with Herald's figures (Payara: MicroProfile Metrics at
 * {@code /metrics?scope=application}; WildFly: Herald's {@code /metrics} of the application), and its samples.
 */
final class Prometheus {

    static final boolean WILDFLY = "wildfly".equals(System.getProperty("arquillian.launch"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Prometheus() {
    }

    /** @return the server's own Prometheus text with Herald's figures */
    static String scrape(URL base) throws IOException, InterruptedException {
        URI uri = WILDFLY ? URI.create(base.toExternalForm().replaceAll("/?$", "/") + "metrics")
                : URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics?scope=application");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /**
     * @param series {@code name{label="v",...}}: the sample of that name whose labels include these (the server may add
     *               its own, such as {@code mp_scope}); exactly one must match
     * @return its value, or NaN when none matches
     */
    static double value(String text, String series) {
        int brace = series.indexOf('{');
        String name = brace < 0 ? series : series.substring(0, brace);
        Map<String, String> want = labels(brace < 0 ? "" : series.substring(brace + 1, series.length() - 1));
        Double found = null;
        for (Matcher m = SAMPLE.matcher(text); m.find(); ) {
            if (m.group(1).equals(name) && labels(m.group(2) == null ? "" : m.group(2)).entrySet().containsAll(want.entrySet())) {
                assertTrue(found == null, "two samples match " + series);
                found = Double.parseDouble(m.group(3));
            }
        }
        return found == null ? Double.NaN : found;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Matcher m = LABEL.matcher(text); m.find(); ) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }
}
