package ai.babysea.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Spans that keep one generation in one trace where the framework cannot: a consumed record continues the trace
 * of the `traceparent` header the outbox relay wrote (explicitly, so a batch of records from several traces or a
 * connector span that is not current changes nothing), and work a worker picks up later from a row continues the
 * `traceparent` stored with that row. With tracing off (the default) every span here is a no-op.
 */
@ApplicationScoped
public class Tracing {
    private final Tracer tracer;

    Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The `traceparent` header of a record, or null when the producer had no trace. */
    public static String traceparentOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(TraceContext.TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Starts the CONSUMER span of one record, a child of the producer's span; the caller ends it. */
    public Span startConsumer(ConsumerRecord<?, ?> record) {
        var builder = tracer.spanBuilder("process " + record.topic())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.parentOf(traceparentOf(record)))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset());
        if (record.key() != null) {
            builder.setAttribute("messaging.kafka.message.key", String.valueOf(record.key()));
        }
        return builder.startSpan();
    }

    /** Runs the handler of one record inside its CONSUMER span (current while it runs, so the outbox picks it up). */
    public void consume(ConsumerRecord<?, ?> record, Runnable handler) {
        Span span = startConsumer(record);
        try (Scope ignored = span.makeCurrent()) {
            handler.run();
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Runs the handler of a poll batch with one CONSUMER span per record, each continuing its producer's trace; events
     * and rows written meanwhile for a record's key carry that record's span ({@link TraceContext#traceparentFor}), so
     * each generation stays one trace through a batched consumer.
     */
    public void consumeBatch(Iterable<? extends ConsumerRecord<?, ?>> records, Runnable handler) {
        java.util.Map<String, String> traceparents = new java.util.HashMap<>();
        java.util.List<Span> spans = new java.util.ArrayList<>();
        for (ConsumerRecord<?, ?> record : records) {
            Span span = startConsumer(record);
            spans.add(span);
            String traceparent = TraceContext.traceparent(span.getSpanContext());
            if (traceparent != null && record.key() != null) {
                traceparents.put(String.valueOf(record.key()), traceparent);
            }
        }
        try {
            TraceContext.runWithTraceparentsByKey(traceparents, handler);
        } catch (RuntimeException | Error e) {
            spans.forEach(span -> failed(span, e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    /** Starts a span continuing a stored `traceparent` (a new root when it is null); the caller ends it. */
    public Span startFrom(String traceparent, String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(TraceContext.parentOf(traceparent)).startSpan();
    }

    /** Starts a span that is a child of the current one (a new root when there is none); the caller ends it. */
    public Span start(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).startSpan();
    }

    /** Marks a span failed with the error (the caller still ends it). */
    public static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    }
}
