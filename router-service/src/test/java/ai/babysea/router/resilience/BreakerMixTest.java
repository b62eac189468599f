package ai.babysea.router.resilience;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.router.health.ProviderHealth;
import ai.babysea.router.simulator.Simulator;
import ai.babysea.router.simulator.SimulatorFaults;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the real router with breakers that open readily (5 attempts in the window, 30 % failures, a 1 s open
 * period so the half-open trickle is exercised within the test), every provider served by the simulator, dispatched
 * generations published as the ledger does. A breaker decides the order of the chain, never whether a generation a
 * provider could serve is refused: with a mix of prompts that fail everywhere, fail at the first provider, or are
 * the request's own fault, and with one provider hard down, exactly the generations no provider can serve fail.
 */
@QuarkusTest
@TestProfile(BreakerMixTest.ProductionBreakers.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "router_breakers"))
class BreakerMixTest {
    private static final String MODEL = "bfl/flux-schnell";
    private static final List<String> CHAIN = List.of("bfl", "replicate", "cloudflare");
    private static KafkaEvents events;

    /** The breaker as configured in production, with a short open period. */
    public static class ProductionBreakers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a 30 % threshold: the mix (40 % of the prompts fail at the first provider) opens breakers for sure
            return Map.of("babysea.router.health.min-attempts", "5", "babysea.router.health.failure-threshold", "0.3",
                    "babysea.router.health.open-duration", "1s", "babysea.router.simulator.latency", "20ms",
                    "quarkus.log.category.\"ai.babysea\".level", "WARN");
        }
    }

    @Inject
    ProviderHealth health;
    @Inject
    SimulatorFaults faults;
    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @AfterEach
    void noFaults() {
        faults.clearAll();
    }

    private static GenerationAdmitted admitted(String prompt) {
        String id = Ids.uuidV7().toString();
        return new GenerationAdmitted(id, "acct-breakers", MODEL, "image",
                new GenerationParameters(prompt, "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                CHAIN, false, 5_000, "reserve-" + id, Instant.now());
    }

    /** Publishes the generations at about 30/s and waits until each has its terminal event; returns them by id. */
    private static Map<String, DomainEvent> run(List<GenerationAdmitted> generations) throws InterruptedException {
        for (GenerationAdmitted generation : generations) {
            events.publish(generation);
            Thread.sleep(30);
        }
        Set<String> ids = generations.stream().map(GenerationAdmitted::generationId).collect(Collectors.toSet());
        Map<String, DomainEvent> terminal = new HashMap<>();
        await().atMost(Duration.ofMinutes(3)).until(() -> {
            for (DomainEvent event : events.seen(DomainEvent.class, e -> ids.contains(e.aggregateId())
                    && (e instanceof GenerationSucceeded || e instanceof GenerationFailed))) {
                terminal.putIfAbsent(event.aggregateId(), event);
            }
            return terminal.size() == ids.size();
        });
        return terminal;
    }

    private static String outcome(DomainEvent event) {
        return event instanceof GenerationFailed failed ? failed.errorCode() : "succeeded";
    }

    @Test
    void aDegradedChainServesEveryGenerationSomeProviderCanServe() throws Exception {
        List<GenerationAdmitted> generations = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String kind = switch (i % 10) {
                case 0, 5 -> Simulator.MARK_FAIL;
                case 1, 6 -> Simulator.MARK_FAIL_FIRST;
                case 3 -> Simulator.MARK_CONTENT_POLICY;
                default -> "";
            };
            GenerationAdmitted generation = admitted(kind + " a seal " + i);
            generations.add(generation);
            expected.put(generation.generationId(), kind.equals(Simulator.MARK_FAIL) ? "BSE4003"
                    : kind.equals(Simulator.MARK_CONTENT_POLICY) ? "BSE2006" : "succeeded");
        }
        Map<String, DomainEvent> terminal = run(generations);

        Map<String, Long> mismatches = new TreeMap<>();
        for (GenerationAdmitted generation : generations) {
            String got = outcome(terminal.get(generation.generationId()));
            String want = expected.get(generation.generationId());
            if (!got.equals(want)) {
                mismatches.merge(want + " -> " + got, 1L, Long::sum);
            }
        }
        assertEquals(Map.of(), mismatches, "every generation ends as its prompt allows, none refused by a breaker");
        // the mix did open breakers, so what passed above passed with breakers at work
        assertTrue(meters.counter("babysea.router.breaker.opened", "provider", "bfl", "model", MODEL).count() > 0, "bfl's breaker opened");
    }

    @Test
    void aProviderHardDownCostsNoGeneration() throws Exception {
        faults.set("bfl", new SimulatorFaults.Fault(SimulatorFaults.Mode.ERROR, 1.0));
        List<GenerationAdmitted> generations = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            generations.add(admitted((i % 5 == 0 ? Simulator.MARK_FAIL_FIRST : "") + " a harbor " + i));
        }
        Map<String, DomainEvent> terminal = run(generations);
        Map<String, Long> outcomes = terminal.values().stream().collect(Collectors.groupingBy(BreakerMixTest::outcome, TreeMap::new,
                Collectors.counting()));
        assertEquals(Map.of("succeeded", 120L), outcomes);
        String bfl = health.stats("bfl", MODEL).status();
        assertTrue(bfl.equals("degraded") || bfl.equals("recovering"), "bfl's breaker opened: " + bfl);
    }

    @Test
    void failuresTheRequestCausedAreNotHeldAgainstTheProvider() throws Exception {
        String model = "bfl/flux-schnell";
        int before = health.stats("replicate", model).failures();
        List<GenerationAdmitted> generations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = Ids.uuidV7().toString();
            generations.add(new GenerationAdmitted(id, "acct-breakers", model, "image",
                    new GenerationParameters(Simulator.MARK_CONTENT_POLICY + " " + i, "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                    List.of("replicate"), false, 5_000, "reserve-" + id, Instant.now()));
        }
        Map<String, DomainEvent> terminal = run(generations);
        assertTrue(terminal.values().stream().allMatch(e -> outcome(e).equals("BSE2006")));
        assertEquals(before, health.stats("replicate", model).failures(), "content policy says nothing about the provider");
        assertTrue(health.admissible("replicate", model));
    }
}
