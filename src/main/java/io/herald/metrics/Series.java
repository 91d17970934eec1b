package io.herald.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One exported time series: a sample of a metric family, its tags and where its value is read (the counters
 * themselves, at scrape time). Immutable.
 *
 * @param family the metric family's name (Prometheus), e.g. {@code herald_delivery_latency_seconds}
 * @param type   {@code counter}, {@code gauge} or {@code histogram}, as the text format's {@code # TYPE} says
 * @param help   one line saying what it counts
 * @param name   the sample's name: the family's, or with {@code _bucket}, {@code _sum}, {@code _count}
 * @param tags   tag names and values, alternating, in order; never null
 * @param value  reads the current value; cheap, never blocks
 */
record Series(String family, String type, String help, String name, List<String> tags, DoubleSupplier value) {
}
