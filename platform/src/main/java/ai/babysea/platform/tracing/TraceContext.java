package ai.babysea.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the current span as a W3C `traceparent` value, so outbox rows (and rows a worker picks up later) can carry
 * it across Kafka and across threads, and turns such a value back into a parent context.
 */
public final class TraceContext {
    /** Kafka/HTTP header name of the W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> SINGLE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /**
     * `traceparent` per message key for the events a batch consumer writes on this thread: each outgoing event
     * continues the trace of the incoming event with the same key, not whatever span happens to be current.
     */
    private static final ThreadLocal<Map<String, String>> BY_KEY = new ThreadLocal<>();

    private TraceContext() {
    }

    /** `00-<trace id>-<span id>-<flags>` of the current span, or null when there is none (tracing off). */
    public static String currentTraceparent() {
        return traceparent(Span.current().getSpanContext());
    }

    /**
     * The `traceparent` an event with this message key should carry: the one registered for the key by
     * {@link #runWithTraceparentsByKey}, else the current span's (null when tracing is off).
     */
    public static String traceparentFor(String messageKey) {
        Map<String, String> byKey = BY_KEY.get();
        if (byKey != null && messageKey != null) {
            String registered = byKey.get(messageKey);
            if (registered != null) {
                return registered;
            }
        }
        return currentTraceparent();
    }

    /** Runs the action with a `traceparent` per message key for {@link #traceparentFor} (a batch of several traces). */
    public static void runWithTraceparentsByKey(Map<String, String> traceparents, Runnable action) {
        Map<String, String> previous = BY_KEY.get();
        BY_KEY.set(new HashMap<>(traceparents));
        try {
            action.run();
        } finally {
            if (previous == null) {
                BY_KEY.remove();
            } else {
                BY_KEY.set(previous);
            }
        }
    }

    /** Formats a span context as a W3C `traceparent`, or null when it is not valid. */
    public static String traceparent(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The context whose parent is the remote span a `traceparent` names; the root context when it is null or invalid. */
    public static Context parentOf(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, SINGLE_VALUE);
    }
}
