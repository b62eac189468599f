package ai.babysea.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.local.OtlpReceiver.ReceivedSpan;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the local stack of {@link EndToEndTest} (four packaged service JVMs, in-JVM Kafka, PostgreSQL, simulator,
 * request bin, random ports) with tracing switched on through the services' environment, exporting OTLP/HTTP
 * protobuf to an in-test collector ({@link OtlpReceiver}). One generation is submitted through the public API; the
 * test follows its trace from the HTTP submit, through the outbox and Kafka hops, to the webhook delivery attempt
 * the request bin received.
 */
class TracingEndToEndTest {
    private static OtlpReceiver collector;
    private static LocalStack stack;
    private static final HttpJson http = new HttpJson();

    @BeforeAll
    static void startStack() throws Exception {
        collector = OtlpReceiver.start();
        Path root = Path.of(System.getProperty("babysea.repo.root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("babysea-e2e-tracing");
        // Assigned before start() so that @AfterAll stops whatever did start when start() fails.
        stack = new LocalStack(new StackConfig(root, work, 0, 0, 0, 0, 0, 0, 0, 0, 150, 0.0, false,
                "e2e-internal-token", "e2e-admin-token")).exportTracesTo(collector.endpoint());
        stack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void oneGenerationIsOneTraceFromTheSubmitAcrossKafkaToTheWebhookDelivery() throws Exception {
        DemoSeeder.Demo demo = new DemoSeeder(stack).seedAccount("e2e-tracing", 1_000_000);
        HttpJson.Reply submitted = http.send("POST", stack.url("api-service") + "/v1/generate/image/bfl/flux-schnell", demo.apiKey(),
                Map.of("generation_prompt", "a traced seal", "generation_ratio", "16:9"));
        assertEquals(200, submitted.status(), String.valueOf(submitted.body()));
        String generationId = submitted.body().path("data").path("generation_id").asText();
        assertFalse(generationId.isEmpty(), String.valueOf(submitted.body()));

        // The webhook the customer receives for the generation's completion, and the delivery id it carries.
        RequestBin.Received completed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> webhook(generationId, "generation.completed"), Optional::isPresent).orElseThrow();
        String deliveryId = completed.header("X-BabySea-Delivery-Id");
        assertNotNull(deliveryId, "delivery id header");

        // Spans are exported in batches after they end: wait until the delivery attempt's ancestry reaches a root.
        List<ReceivedSpan> chain = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> ancestry(deliverySpan(deliveryId)), TracingEndToEndTest::reachesRoot);
        String traceId = chain.get(0).traceId();
        List<ReceivedSpan> trace = collector.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
        String described = describe(chain);

        // Root first: the submit's HTTP span, then every hop, each the parent of the next.
        assertEquals(6, chain.size(), described);
        assertSpan(chain.get(0), "api-service", "SERVER", described);
        assertEquals("POST", chain.get(0).attribute("http.request.method"), described);
        assertEquals("/v1/generate/image/bfl/flux-schnell", chain.get(0).attribute("url.path"), described);
        assertSpan(chain.get(1), "ledger-service", "CONSUMER", described);
        assertEquals("process generation.requests", chain.get(1).name(), described);
        assertEquals(generationId, chain.get(1).attribute("messaging.kafka.message.key"), described);
        assertSpan(chain.get(2), "router-service", "CONSUMER", described);
        assertEquals("process generation.dispatch", chain.get(2).name(), described);
        assertEquals(generationId, chain.get(2).attribute("messaging.kafka.message.key"), described);
        assertSpan(chain.get(3), "router-service", "INTERNAL", described);
        assertEquals("router job", chain.get(3).name(), described);
        assertEquals(generationId, chain.get(3).attribute("babysea.generation_id"), described);
        assertSpan(chain.get(4), "webhook-service", "CONSUMER", described);
        assertEquals("process generation.events", chain.get(4).name(), described);
        assertEquals(generationId, chain.get(4).attribute("messaging.kafka.message.key"), described);
        assertSpan(chain.get(5), "webhook-service", "CLIENT", described);
        assertEquals("webhook deliver", chain.get(5).name(), described);
        assertEquals("generation.completed", chain.get(5).attribute("babysea.webhook.event"), described);
        assertEquals("204", chain.get(5).attribute("http.response.status_code"), described);

        // Causal order: no hop starts before the hop that caused it (one machine, one clock).
        for (int i = 1; i < chain.size(); i++) {
            assertTrue(chain.get(i).startEpochNanos() >= chain.get(i - 1).startEpochNanos(),
                    "span " + chain.get(i) + " starts before its parent " + chain.get(i - 1));
        }

        // The provider call is a child of the router's job span.
        ReceivedSpan job = chain.get(3);
        assertTrue(trace.stream().anyMatch(s -> s.service().equals("router-service") && s.kind().equals("SPAN_KIND_CLIENT")
                && s.name().equals("provider submit") && s.parentSpanId().equals(job.spanId())
                && s.attribute("babysea.provider") != null), "provider submit under the job span in " + describe(trace));

        // No hop of this generation started a trace of its own: every consumer span keyed by the generation (including
        // those chain does not pass through: the ledger's charge, the started webhook's event) and every delivery
        // attempt for it are in this trace.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> webhook(generationId, "generation.started").isPresent());
        String startedDelivery = webhook(generationId, "generation.started").orElseThrow().header("X-BabySea-Delivery-Id");
        ReceivedSpan startedAttempt = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> deliverySpan(startedDelivery), Optional::isPresent).orElseThrow();
        assertEquals(traceId, startedAttempt.traceId(), "the started webhook's attempt: " + startedAttempt);
        List<ReceivedSpan> keyed = collector.spans().stream()
                .filter(s -> s.name().startsWith("process ") && generationId.equals(s.attribute("messaging.kafka.message.key")))
                .toList();
        assertTrue(keyed.stream().anyMatch(s -> s.service().equals("ledger-service") && s.name().equals("process generation.events")),
                "the ledger's charge of the generation is traced: " + describe(keyed));
        for (ReceivedSpan span : keyed) {
            assertEquals(traceId, span.traceId(), "every hop of " + generationId + " is in one trace: " + describe(keyed));
            assertFalse(span.parentSpanId().isEmpty(), "no consumer starts a new root: " + span);
        }
        assertEquals(List.of("api-service", "ledger-service", "router-service", "webhook-service"),
                trace.stream().map(ReceivedSpan::service).distinct().sorted().toList(), describe(trace));
        assertEquals(List.of(), collector.refused(), "every export was OTLP/HTTP protobuf");
    }

    private static void assertSpan(ReceivedSpan span, String service, String kind, String described) {
        assertEquals(service, span.service(), described);
        assertEquals("SPAN_KIND_" + kind, span.kind(), described);
    }

    /** The webhook of this event for this generation the request bin received, if any. */
    private static Optional<RequestBin.Received> webhook(String generationId, String event) throws Exception {
        for (RequestBin.Received hook : stack.requestBin().received()) {
            JsonNode body = HttpJson.mapper().readTree(hook.body());
            if (event.equals(body.path("webhook_event").asText())
                    && generationId.equals(body.path("webhook_data").path("generation_id").asText())) {
                return Optional.of(hook);
            }
        }
        return Optional.empty();
    }

    /** The webhook-service span of the delivery attempt with this delivery id, once exported. */
    private static Optional<ReceivedSpan> deliverySpan(String deliveryId) {
        return collector.spans().stream()
                .filter(s -> s.service().equals("webhook-service") && deliveryId.equals(s.attribute("babysea.webhook.delivery_id")))
                .findFirst();
    }

    /** The span and its ancestors as far as they have been received, root first; empty without the span. */
    private static List<ReceivedSpan> ancestry(Optional<ReceivedSpan> leaf) {
        List<ReceivedSpan> chain = new ArrayList<>();
        if (leaf.isEmpty()) {
            return chain;
        }
        List<ReceivedSpan> all = collector.spans();
        ReceivedSpan current = leaf.get();
        while (current != null && chain.size() < 50) {
            chain.add(current);
            ReceivedSpan child = current;
            current = child.parentSpanId().isEmpty() ? null : all.stream()
                    .filter(s -> s.traceId().equals(child.traceId()) && s.spanId().equals(child.parentSpanId()))
                    .findFirst().orElse(null);
        }
        Collections.reverse(chain);
        return chain;
    }

    private static boolean reachesRoot(List<ReceivedSpan> chain) {
        return !chain.isEmpty() && chain.get(0).parentSpanId().isEmpty();
    }

    private static String describe(List<ReceivedSpan> spans) {
        return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
