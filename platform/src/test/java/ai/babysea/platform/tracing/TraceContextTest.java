package ai.babysea.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

/** The outbox forwards exactly the W3C `traceparent` of the writing transaction, or nothing. */
class TraceContextTest {

    @Test
    void formatsAValidSpanContextAsW3cTraceparent() {
        SpanContext context = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", TraceContext.traceparent(context));
    }

    @Test
    void writesNothingWithoutAValidSpan() {
        assertNull(TraceContext.traceparent(SpanContext.getInvalid()));
        assertNull(TraceContext.traceparent(null));
        assertNull(TraceContext.currentTraceparent(), "no span is active outside a traced request");
    }
}
