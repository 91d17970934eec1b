/**
 * Traces: a publish and its delivery are one trace where the server has MicroProfile Telemetry (OpenTelemetry).
 * {@link io.herald.trace.Tracing} keeps the publishing span's W3C {@code traceparent} with the event and starts the
 * delivery span, a child of it, when the event is fanned out. Only {@code OtelTracing} refers to OpenTelemetry, and
 * it is loaded only when the application sees the API: Herald deploys and works unchanged on a server without it.
 * Imports only {@code log} (the event it traces).
 */
package io.herald.trace;
