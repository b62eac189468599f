package ai.babysea.contracts;

import ai.babysea.contracts.events.CreditGrantRequested;
import ai.babysea.contracts.events.CreditsGranted;
import ai.babysea.contracts.events.CreditsPosted;
import ai.babysea.contracts.events.CreditsReserved;
import ai.babysea.contracts.events.CreditsVoided;
import ai.babysea.contracts.events.DomainEvent;
import ai.babysea.contracts.events.EventType;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationAttemptFailed;
import ai.babysea.contracts.events.GenerationCancelForwarded;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.contracts.events.LowBalanceCrossed;
import ai.babysea.contracts.events.ProviderError;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One fixed example of every event type; the golden fixtures are these, serialized. */
final class EventExamples {
    static final String GENERATION = "0190a8d2-7c1e-7abc-9def-0123456789ab";
    static final String ACCOUNT = "0190a8d2-0000-7000-8000-00000000a001";
    static final Instant T = Instant.parse("2026-11-24T10:00:00.123456Z");

    private EventExamples() {
    }

    static Map<EventType, DomainEvent> all() {
        GenerationParameters image = new GenerationParameters("a baby seal on ice", "16:9", "png", 2, List.of(), null, null, null,
                Map.of("generation_seed", 42));
        Map<EventType, DomainEvent> examples = new EnumMap<>(EventType.class);
        examples.put(EventType.GENERATION_REQUESTED, new GenerationRequested(GENERATION, ACCOUNT, "bfl/flux-schnell", "image", image,
                List.of("bfl", "replicate", "cloudflare"), true, 10_000, T));
        examples.put(EventType.GENERATION_CANCEL_REQUESTED, new GenerationCancelRequested(GENERATION, ACCOUNT, T));
        examples.put(EventType.GENERATION_ADMITTED, new GenerationAdmitted(GENERATION, ACCOUNT, "bfl/flux-schnell", "image", image,
                List.of("bfl", "replicate", "cloudflare"), true, 10_000, "b2c7e1a4-3f5d-3c2e-9a8b-7d6c5b4a3f21", T));
        examples.put(EventType.GENERATION_CANCEL_FORWARDED, new GenerationCancelForwarded(GENERATION, ACCOUNT, T));
        examples.put(EventType.GENERATION_STARTED, new GenerationStarted(GENERATION, ACCOUNT, "bfl/flux-schnell", "bfl",
                "b9b172a8-e39c-47b2-8f1a-cb8925f3532e", 1, T));
        examples.put(EventType.GENERATION_ATTEMPT_FAILED, new GenerationAttemptFailed(GENERATION, ACCOUNT, "bfl/flux-schnell", "bfl",
                "b9b172a8-e39c-47b2-8f1a-cb8925f3532e", 1, "BSE4004", "429 Too Many Requests", true, 812, T));
        examples.put(EventType.GENERATION_SUCCEEDED, new GenerationSucceeded(GENERATION, ACCOUNT, "bfl/flux-schnell", "replicate",
                "gm3qorzdhgbfurvjtvhg6dckhu", List.of("https://cdn.local/outputs/" + GENERATION + "/0.png",
                        "https://cdn.local/outputs/" + GENERATION + "/1.png"), 1.2, T, T));
        examples.put(EventType.GENERATION_FAILED, new GenerationFailed(GENERATION, ACCOUNT, "bfl/flux-schnell", "BSE4003",
                "Every provider in the chain failed.", List.of(new ProviderError("bfl", "BSE4004", "provider_rate_limited",
                        "429 Too Many Requests", true)), GenerationFailed.BY_ROUTER, T));
        examples.put(EventType.GENERATION_CANCELED, new GenerationCanceled(GENERATION, ACCOUNT, "bfl/flux-schnell",
                "gm3qorzdhgbfurvjtvhg6dckhu", true, true, T));
        examples.put(EventType.CREDITS_RESERVED, new CreditsReserved(ACCOUNT, GENERATION, "t-reserve", 10_000, 990_000));
        examples.put(EventType.CREDITS_POSTED, new CreditsPosted(ACCOUNT, GENERATION, "t-post", 10_000, 990_000));
        examples.put(EventType.CREDITS_VOIDED, new CreditsVoided(ACCOUNT, GENERATION, "t-void", 10_000, 1_000_000, "generation.failed"));
        examples.put(EventType.CREDITS_GRANTED, new CreditsGranted(ACCOUNT, "invoice:in_123", "t-grant", 1_000_000, 1_000_000));
        examples.put(EventType.LOW_BALANCE_CROSSED, new LowBalanceCrossed(ACCOUNT, 450_000,
                List.of(new LowBalanceCrossed.ThresholdCrossing(500_000, 450_000))));
        examples.put(EventType.CREDIT_GRANT_REQUESTED, new CreditGrantRequested(ACCOUNT, "invoice:in_123", 1_000_000, "Pro plan"));
        return examples;
    }
}
