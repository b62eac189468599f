package ai.babysea.router;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.router.job.JobEngine;
import ai.babysea.router.job.JobService;
import ai.babysea.router.job.LeaseKeeper;
import ai.babysea.router.job.Transition;
import ai.babysea.router.provider.ProviderFailure;
import ai.babysea.router.simulator.Simulator;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real router-service against the in-JVM Kafka broker and embedded PostgreSQL, with every
 * provider served by the simulator (stand-in). The test publishes `generation.dispatch` events as the
 * ledger does and watches `generation.events` as api-service, ledger and webhook do.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "router"))
class RouterPipelineTest {
    private static final String TOKEN = "Bearer local-internal-token";
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static KafkaEvents events;

    @Inject
    JobEngine engine;
    @Inject
    LeaseKeeper leases;
    @Inject
    JobService jobs;
    @Inject
    Simulator simulator;
    @Inject
    ai.babysea.platform.jdbc.Sql sql;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    static GenerationAdmitted admitted(String prompt, int outputs, String... order) {
        String id = Ids.uuidV7().toString();
        return new GenerationAdmitted(id, "acct-" + id, "bfl/flux-schnell", "image",
                new GenerationParameters(prompt, "1:1", "png", outputs, List.of(), null, null, null, Map.of()),
                List.of(order), false, 10_000, "reserve-" + id, Instant.now());
    }

    static <T> T awaitOne(Class<T> type, String generationId) {
        await().atMost(WAIT).until(() -> !events.seen((Class) type, e -> generationId.equals(((ai.babysea.contracts.events.DomainEvent) e)
                .aggregateId())).isEmpty());
        return type.cast(events.seen((Class) type, e -> generationId.equals(((ai.babysea.contracts.events.DomainEvent) e).aggregateId()))
                .get(0));
    }

    static List<String> typesOf(String generationId) {
        return events.seen().stream().filter(e -> generationId.equals(e.aggregateId())).map(EventEnvelope::eventType).toList();
    }

    @Test
    void runsAdmittedGenerationAndServesItsOutputs() {
        GenerationAdmitted job = admitted("a baby seal on ice", 2, "bfl", "replicate");
        events.publish(job);

        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        GenerationStarted started = awaitOne(GenerationStarted.class, job.generationId());
        assertEquals(List.of("generation.started", "generation.succeeded"), typesOf(job.generationId()));
        assertEquals("bfl", started.provider());
        assertEquals(1, started.attempt());
        assertEquals(started.predictionId(), succeeded.predictionId());
        assertEquals("bfl", succeeded.provider());
        assertEquals(2, succeeded.outputFiles().size());

        for (String url : succeeded.outputFiles()) {
            assertTrue(url.startsWith("http://localhost:8082/outputs/" + job.generationId() + "/"), url);
            byte[] body = given().get(URI.create(url).getPath()).then().statusCode(200).contentType("image/png")
                    .extract().asByteArray();
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(body, 4));
        }
        given().header("Authorization", TOKEN).delete("/internal/generations/{id}/files", job.generationId())
                .then().statusCode(200).body("generation_id", equalTo(job.generationId())).body("files_deleted", equalTo(2));
        given().get(URI.create(succeeded.outputFiles().get(0)).getPath()).then().statusCode(404);
    }

    @Test
    void failsOverToTheNextProviderOnARetryableFailure() {
        GenerationAdmitted job = admitted("seal " + Simulator.MARK_FAIL_FIRST, 1, "bfl", "replicate");
        events.publish(job);

        GenerationSucceeded succeeded = awaitOne(GenerationSucceeded.class, job.generationId());
        GenerationAttemptFailed failed = awaitOne(GenerationAttemptFailed.class, job.generationId());
        assertEquals("bfl", failed.provider());
        assertEquals(1, failed.attempt());
        assertTrue(failed.retryable());
        assertEquals("BSE4001", failed.errorCode());
        assertEquals("replicate", succeeded.provider());
        assertEquals(List.of("generation.started", "generation.attempt_failed", "generation.started", "generation.succeeded"),
                typesOf(job.generationId()));
        List<GenerationStarted> starts = events.seen(GenerationStarted.class, s -> s.generationId().equals(job.generationId()));
        assertEquals(List.of("bfl", "replicate"), starts.stream().map(GenerationStarted::provider).toList());
        assertEquals(List.of(1, 2), starts.stream().map(GenerationStarted::attempt).toList());
    }

    @Test
    void failsWithAllProvidersFailedWhenTheChainIsExhausted() {
        GenerationAdmitted job = admitted("seal " + Simulator.MARK_FAIL, 1, "bfl", "replicate", "cloudflare");
        events.publish(job);

        GenerationFailed failed = awaitOne(GenerationFailed.class, job.generationId());
        assertEquals("BSE4003", failed.errorCode());
        assertEquals(GenerationFailed.BY_ROUTER, failed.failedBy());
        assertEquals(List.of("bfl", "replicate", "cloudflare"), failed.providerErrors().stream().map(e -> e.provider()).toList());
        assertTrue(failed.providerErrors().stream().allMatch(e -> e.code().equals("BSE4001") && e.retryable()));
        assertEquals(3, events.seen(GenerationAttemptFailed.class, a -> a.generationId().equals(job.generationId())).size());
        assertTrue(events.seen(GenerationSucceeded.class, s -> s.generationId().equals(job.generationId())).isEmpty());
        assertEquals("failed", jobs.state(job.generationId()).orElseThrow());
    }

    @Test
    void contentPolicyFailsTerminallyWithoutFailover() {
        GenerationAdmitted job = admitted("seal " + Simulator.MARK_CONTENT_POLICY, 1, "bfl", "replicate");
        events.publish(job);

        GenerationFailed failed = awaitOne(GenerationFailed.class, job.generationId());
        assertEquals("BSE2006", failed.errorCode());
        assertEquals(1, failed.providerErrors().size());
        assertFalse(failed.providerErrors().get(0).retryable());
        assertEquals(List.of("generation.started", "generation.attempt_failed", "generation.failed"), typesOf(job.generationId()));
    }

    @Test
    void cancelBeforeStartCancelsLocallyWithoutProviderCall() {
        leases.pauseClaiming();
        GenerationAdmitted job = admitted("seal", 1, "bfl", "replicate");
        try {
            events.publish(job);
            events.publish(new GenerationCancelForwarded(job.generationId(), job.accountId(), Instant.now()));
            GenerationCanceled canceled = awaitOne(GenerationCanceled.class, job.generationId());
            assertFalse(canceled.providerCancelSent());
            assertTrue(canceled.creditsRefunded());
        } finally {
            leases.resumeClaiming();
        }
        // A later generation completing shows the worker ran past the canceled job without starting it.
        GenerationAdmitted after = admitted("seal", 1, "bfl");
        events.publish(after);
        awaitOne(GenerationSucceeded.class, after.generationId());
        assertEquals(List.of("generation.canceled"), typesOf(job.generationId()));
        assertEquals("canceled", jobs.state(job.generationId()).orElseThrow());
    }

    @Test
    void cancelWhileRunningCancelsAtTheProviderAndIgnoresTheLateResult() {
        GenerationAdmitted job = admitted("seal " + Simulator.MARK_SLOW, 1, "bfl", "replicate");
        events.publish(job);
        GenerationStarted started = awaitOne(GenerationStarted.class, job.generationId());

        events.publish(new GenerationCancelForwarded(job.generationId(), job.accountId(), Instant.now()));
        GenerationCanceled canceled = awaitOne(GenerationCanceled.class, job.generationId());
        assertTrue(canceled.providerCancelSent());
        assertTrue(canceled.creditsRefunded());
        assertEquals(started.predictionId(), canceled.predictionId());
        await().atMost(WAIT).until(() -> simulator.wasCanceled(started.predictionId()));

        // A provider result arriving now (late webhook, a poll racing the cancel) changes nothing.
        Transition.JobRef ref = new Transition.JobRef(job.generationId(), job.accountId(), job.modelIdentifier(), null);
        Transition lateSuccess = new Transition.Succeed(ref, started.attempt(), "bfl", started.predictionId(), null, false,
                List.of("http://late/0.png"), 1.0, Instant.now());
        Transition lateFailure = new Transition.Fail(ref, started.attempt(), "bfl", started.predictionId(),
                ProviderFailure.retryable(ai.babysea.contracts.ErrorCode.PROVIDER_ERROR, "late"), false, 10,
                new Transition.FailOver(1, "replicate", List.of("bfl", "replicate"), false));
        assertEquals(Map.of(lateSuccess, Transition.Outcome.STALE, lateFailure, Transition.Outcome.STALE),
                Map.copyOf(jobs.apply(engine.owner(), List.of(lateSuccess, lateFailure))));
        // a second cancel of a terminal job is recorded and ignored
        events.publish(new GenerationCancelForwarded(job.generationId(), job.accountId(), Instant.now()));
        GenerationAdmitted marker = admitted("seal", 1, "bfl");
        events.publish(marker);
        awaitOne(GenerationSucceeded.class, marker.generationId());
        await().atMost(WAIT).until(() -> engine.inFlight() == 0);
        assertEquals(List.of("generation.started", "generation.canceled"), typesOf(job.generationId()));
        assertEquals("canceled", jobs.state(job.generationId()).orElseThrow());
    }

    @Test
    void cancelArrivingBeforeItsAdmissionCancelsTheJobOnArrival() {
        GenerationAdmitted job = admitted("seal", 1, "bfl");
        events.publish(new GenerationCancelForwarded(job.generationId(), job.accountId(), Instant.now()));
        events.publish(job);
        GenerationCanceled canceled = awaitOne(GenerationCanceled.class, job.generationId());
        assertFalse(canceled.providerCancelSent());
        assertEquals("canceled", jobs.state(job.generationId()).orElseThrow());
    }

    @Test
    void redeliveredAdmissionCreatesOneJobAndOneSetOfEvents() {
        GenerationAdmitted job = admitted("seal", 1, "bfl", "replicate");
        EventEnvelope envelope = EventEnvelope.wrap(job);
        events.publish(envelope);
        events.publish(envelope);
        // the ledger re-emitting the same admission under a new event id is absorbed by the job's primary key
        events.publish(job);

        awaitOne(GenerationSucceeded.class, job.generationId());
        GenerationAdmitted marker = admitted("seal", 1, "bfl");
        events.publish(marker);
        awaitOne(GenerationSucceeded.class, marker.generationId());
        assertEquals(1, jobs.count(job.generationId()));
        assertEquals(List.of("generation.started", "generation.succeeded"), typesOf(job.generationId()));
    }

    @Test
    void noUsableProviderFailsWithNoProviderAvailable() {
        GenerationAdmitted job = admitted("seal", 1, "simulator");
        events.publish(job);
        awaitOne(GenerationSucceeded.class, job.generationId());
        // an empty chain has nothing to run
        GenerationAdmitted empty = admitted("seal", 1);
        events.publish(empty);
        assertEquals("BSE4007", awaitOne(GenerationFailed.class, empty.generationId()).errorCode());
    }

    @Test
    void failsAJobNoProviderAcceptedWithinTheStartDeadline() {
        String generationId = Ids.uuidV7().toString();
        // admitted an hour ago and never started (e.g. every provider busy or the router down all that time)
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO jobs (generation_id, account_id, "
                        + "model_identifier, media_type, parameters, provider_order, cost_micros, state, created_at) VALUES (?, 'acct-late', "
                        + "'bfl/flux-schnell', 'image', ?, ?, 10000, 'queued', now() - interval '1 hour')", generationId,
                "{\"prompt\":\"seal\",\"ratio\":\"1:1\",\"output_format\":\"png\",\"output_number\":1}", new String[] {"bfl"}));
        leases.wake();
        GenerationFailed failed = awaitOne(GenerationFailed.class, generationId);
        assertEquals("BSE4007", failed.errorCode());
        assertTrue(failed.errorMessage().contains("within 600 s"), failed.errorMessage());
        assertEquals(List.of("generation.failed"), typesOf(generationId));
    }

    @Test
    void internalHealthReportsProvidersModelsAndStorage() {
        GenerationAdmitted job = admitted("seal", 1, "bfl");
        events.publish(job);
        awaitOne(GenerationSucceeded.class, job.generationId());

        given().header("Authorization", TOKEN).get("/internal/health/providers").then().statusCode(200)
                .body("service", equalTo("providers")).body("providers.provider", hasItem("bfl"))
                .body("providers.find { it.provider == 'bfl' }.window.total_attempts", greaterThan(0))
                .body("providers.find { it.provider == 'bfl' }.window.duration_seconds", equalTo(300))
                .body("providers_total", greaterThan(0));
        given().header("Authorization", TOKEN).get("/internal/health/models").then().statusCode(200)
                .body("service", equalTo("models"))
                .body("models.find { it.model_identifier == 'bfl/flux-schnell' }.providers.bfl.raw_model_id", equalTo("flux-dev"))
                .body("models.find { it.model_identifier == 'bfl/flux-schnell' }.providers.bfl.available", equalTo(true))
                .body("models.find { it.model_identifier == 'bfl/flux-schnell' }.model_type", equalTo("image"));
        given().header("Authorization", TOKEN).get("/internal/health/storage").then().statusCode(200)
                .body("service", equalTo("storage")).body("healthy", equalTo(true));
        given().get("/internal/health/providers").then().statusCode(401).body("error.code", equalTo("BSE1002"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
