package ai.babysea.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** Reads the current span as a W3C `traceparent` value, so outbox rows can carry it across Kafka. */
public final class TraceContext {
    /** Kafka/HTTP header name of the W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    private TraceContext() {
    }

    /** `00-<trace id>-<span id>-<flags>` of the current span, or null when there is none (tracing off). */
    public static String currentTraceparent() {
        return traceparent(Span.current().getSpanContext());
    }

    /** Formats a span context as a W3C `traceparent`, or null when it is not valid. */
    public static String traceparent(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}
