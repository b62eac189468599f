package ai.babysea.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain unit test: the W3C traceparent round trip and the per-key traceparents of a batch consumer. */
class TraceContextTest {
    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aStoredTraceparentBecomesTheRemoteParentItNames() {
        SpanContext parent = Span.fromContext(TraceContext.parentOf(PARENT)).getSpanContext();
        assertTrue(parent.isValid());
        assertTrue(parent.isRemote());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.getTraceId());
        assertEquals("00f067aa0ba902b7", parent.getSpanId());
        assertEquals(PARENT, TraceContext.traceparent(parent));
    }

    @Test
    void missingOrMalformedTraceparentGivesTheRootContext() {
        assertEquals(Context.root(), TraceContext.parentOf(null));
        assertFalse(Span.fromContext(TraceContext.parentOf("00-not-a-trace-01")).getSpanContext().isValid());
        assertNull(TraceContext.currentTraceparent(), "no current span, no traceparent");
    }

    @Test
    void eventsOfABatchCarryTheTraceOfTheirOwnKey() {
        String other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String[] seen = new String[3];
        TraceContext.runWithTraceparentsByKey(Map.of("gen-a", PARENT, "gen-b", other), () -> {
            seen[0] = TraceContext.traceparentFor("gen-a");
            seen[1] = TraceContext.traceparentFor("gen-b");
            seen[2] = TraceContext.traceparentFor("account-1");
        });
        assertEquals(PARENT, seen[0]);
        assertEquals(other, seen[1]);
        assertNull(seen[2], "a key without a registered trace falls back to the current span (none here)");
        assertNull(TraceContext.traceparentFor("gen-a"), "the keys apply only while the batch runs");
    }
}
