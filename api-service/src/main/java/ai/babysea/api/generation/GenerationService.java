package ai.babysea.api.generation;

import ai.babysea.api.account.BalanceProjection;
import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.error.ErrorDetails;
import ai.babysea.api.http.Envelopes;
import ai.babysea.api.http.JsonBodies;
import ai.babysea.api.http.RequestMdc;
import ai.babysea.api.idempotency.IdempotencyService;
import ai.babysea.api.internal.RouterClient;
import ai.babysea.api.limits.RateLimits;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.platform.outbox.OutboxWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Generation use cases. Submitting validates strictly, prices, pre-checks the balance and then, in one transaction, inserts
 * the `pending` record, appends `GenerationRequested` to the outbox and takes one of the account's in-flight slots — so a
 * request is either fully accepted (and will reach the ledger) or leaves no trace.
 */
@ApplicationScoped
public class GenerationService {
    private final GenerationValidator validator;
    private final GenerationRepository generations;
    private final OutboxWriter outbox;
    private final BalanceProjection balances;
    private final ApiConfig config;
    private final IdempotencyService idempotency;
    private final RateLimits limits;
    private final ObjectMapper mapper;
    private final RouterClient router;
    private final Timer endToEnd;

    GenerationService(GenerationValidator validator, GenerationRepository generations, OutboxWriter outbox, BalanceProjection balances,
            ApiConfig config, IdempotencyService idempotency, RateLimits limits, ObjectMapper mapper, RouterClient router,
            MeterRegistry meters) {
        this.validator = validator;
        this.generations = generations;
        this.outbox = outbox;
        this.balances = balances;
        this.config = config;
        this.idempotency = idempotency;
        this.limits = limits;
        this.mapper = mapper;
        this.router = router;
        this.endToEnd = Timer.builder("babysea.generation.end.to.end")
                .description("From the accepted submit to the terminal state, as the read model records it")
                .publishPercentileHistogram().register(meters);
    }

    /** Validates and prices a request; throws the contract error on any violation, persisting nothing. */
    ValidatedRequest prepare(String mediaType, String modelIdentifier, String body) {
        ModelDefinition model = validator.model(mediaType, modelIdentifier);
        ObjectNode json = JsonBodies.object(body, config.maxBodyBytes(), false);
        return validator.validate(model, json);
    }

    /**
     * The BSE1004 pre-check against the ledger's projected balance (asking the ledger when there is none); advisory, since the
     * ledger's reservation decides, so it runs before the transaction and never holds a connection while the ledger answers.
     */
    void checkBalance(AuthenticatedKey key, ValidatedRequest request) {
        OptionalLong available = balances.available(key.accountId().toString());
        if (available.isPresent() && available.getAsLong() < request.costMicros()) {
            throw new ApiException(ErrorCode.INSUFFICIENT_CREDITS, ErrorCode.INSUFFICIENT_CREDITS.httpStatus(),
                    "The credit balance (" + Envelopes.credits(available.getAsLong()) + ") is below the cost of this request ("
                            + Envelopes.credits(request.costMicros()) + "). Top up credits or wait for the plan renewal.",
                    ErrorDetails.credits(Envelopes.credits(request.costMicros()), Envelopes.credits(available.getAsLong())), Map.of());
        }
    }

    /** What a submit answers: HTTP status, the exact JSON body, and whether it is an idempotent replay. */
    public record Submitted(int status, String body, boolean replayed) {
    }

    /**
     * The whole submit: idempotency claim (when a key is sent) → validation and pricing → balance pre-check → one
     * transaction creating the record, its event, the stored idempotent answer and taking the in-flight slot.
     */
    public Submitted submit(AuthenticatedKey key, String requestId, String mediaType, String modelIdentifier, String body,
            String idempotencyKey) {
        String idemKey = IdempotencyService.validate(idempotencyKey);
        if (idemKey != null) {
            IdempotencyService.Claim claim = idempotency.claim(key.accountId(), idemKey,
                    IdempotencyService.fingerprint(mediaType + "/" + modelIdentifier, body));
            if (claim instanceof IdempotencyService.Replay replay) {
                return replay(key, replay);
            }
        }
        try {
            ValidatedRequest request = prepare(mediaType, modelIdentifier, body);
            return create(key, request, requestId, idemKey);
        } catch (RuntimeException e) {
            if (idemKey != null) {
                idempotency.release(key.accountId(), idemKey);
            }
            throw e;
        }
    }

    private Submitted replay(AuthenticatedKey key, IdempotencyService.Replay replay) {
        if (replay.generationId() != null) {
            var generation = generations.find(key.accountId(), replay.generationId());
            if (generation.isPresent() && "canceled".equals(generation.get().status())) {
                // the contract's alternate shape for a replayed create whose generation was canceled since
                GenerationCanceledSince data = new GenerationCanceledSince(replay.generationId().toString(), "canceled");
                return new Submitted(200, json(Envelopes.success(Envelopes.newRequestId(), "Generation initialized", data)), true);
            }
        }
        return new Submitted(replay.status(), replay.body(), true);
    }

    /** Checks the balance, then accepts the request ({@link #accept}); the answer is fixed before the transaction. */
    Submitted create(AuthenticatedKey key, ValidatedRequest request, String requestId, String idempotencyKey) {
        checkBalance(key, request);
        Generation generation = newGeneration(key, request);
        String body = json(Envelopes.success(requestId, "Generation initialized", GenerationInitialized.of(generation)));
        accept(key, request, generation, limits.plan(key.plan()).inFlight(), idempotencyKey, body);
        MDC.put(RequestMdc.GENERATION_ID, generation.generationId().toString());
        return new Submitted(200, body, false);
    }

    /**
     * Accepts the request, all or nothing, in one transaction: the `pending` record, its `GenerationRequested` event in the
     * outbox, the stored idempotent answer, and last one of the account's in-flight slots, so the account's counter row is
     * locked only from that statement to the commit. A refusal at the cap (BSE1009) rolls the rest back. The slot is given
     * back by the terminal transition ({@link #terminal}).
     */
    @Transactional
    void accept(AuthenticatedKey key, ValidatedRequest request, Generation generation, long cap, String idempotencyKey, String body) {
        generations.insert(generation);
        outbox.append(new GenerationRequested(generation.generationId().toString(), generation.accountId().toString(),
                generation.modelIdentifier(), generation.mediaType(), request.parameters(), request.providerOrder(),
                request.providerOrderFastest(), request.costMicros(), generation.createdAt()));
        if (idempotencyKey != null) {
            idempotency.complete(key.accountId(), idempotencyKey, generation.generationId(), 200, body);
        }
        if (!generations.claimInFlight(key.accountId(), cap)) {
            throw new ApiException(ErrorCode.CONCURRENCY_LIMIT_EXCEEDED, ErrorCode.CONCURRENCY_LIMIT_EXCEEDED.httpStatus(),
                    "This account already has " + Math.max(cap, 0) + " generations in flight (its plan's limit); retry when one finishes.",
                    ErrorDetails.retryAfter(1, cap), Map.of("Retry-After", "1"));
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Generation newGeneration(AuthenticatedKey key, ValidatedRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var p = request.parameters();
        return new Generation(Ids.uuidV7(), key.accountId(), request.model().modelIdentifier(),
                request.model().modelType(), "pending", request.providerOrder(), request.providerOrderFastest(), null, null, p.prompt(),
                p.ratio(), p.outputFormat(), p.outputNumber(), p.inputFiles(), null, p.durationSeconds(), p.resolution(), p.generateAudio(),
                p.extras(), request.costMicros(), null, null, null, null, false, 0, now, null, null, null);
    }

    /** One generation of the caller's account; another account's id answers exactly like an unknown one (404). */
    public Generation get(UUID accountId, String generationId) {
        return generations.find(accountId, parseId(generationId)).orElseThrow(GenerationService::notFound);
    }

    /** A page of the account's generations that pass the filter, newest first. */
    public List<Generation> page(UUID accountId, GenerationFilter filter, int limit, int offset) {
        return generations.page(accountId, filter, limit, offset);
    }

    /** How many of the account's generations pass the filter. */
    public long count(UUID accountId, GenerationFilter filter) {
        return generations.count(accountId, filter);
    }

    /** The outcome of a cancel request. */
    public record CancelOutcome(Generation generation, boolean applied) {
    }

    /**
     * Cancels an in-flight generation: appends `GenerationCancelRequested` (ordered behind the request
     * on the same key), then waits up to `babysea.api.cancel-wait` for the router's verdict so the
     * answer can report `provider_cancel_sent` and `credits_refunded` truthfully.
     */
    public CancelOutcome cancel(UUID accountId, String generationId) {
        UUID id = requestCancel(accountId, generationId);
        long deadline = System.nanoTime() + config.cancelWait().toNanos();
        Generation current = generations.find(accountId, id).orElseThrow(GenerationService::notFound);
        while (!current.terminal() && System.nanoTime() < deadline) {
            try {
                // bounded poll of our own read model: the verdict arrives on generation.events at any replica
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            current = generations.find(accountId, id).orElseThrow(GenerationService::notFound);
        }
        if (current.terminal() && !"canceled".equals(current.status())) {
            throw new ApiException(ErrorCode.GENERATION_NOT_CANCELABLE, "The generation " + current.status()
                    + " before the cancel took effect.", "generation_id");
        }
        return new CancelOutcome(current, "canceled".equals(current.status()));
    }

    @Transactional
    UUID requestCancel(UUID accountId, String generationId) {
        Generation generation = generations.lock(accountId, parseId(generationId)).orElseThrow(GenerationService::notFound);
        if (generation.terminal()) {
            throw new ApiException(ErrorCode.GENERATION_NOT_CANCELABLE, "The generation is already " + generation.status() + ".",
                    "generation_id");
        }
        outbox.append(new GenerationCancelRequested(generation.generationId().toString(), accountId.toString(), Instant.now()));
        return generation.generationId();
    }

    /**
     * Deletes a finished generation: first its stored files (router), then the record, so a failure
     * in between leaves the record for a retry. In-flight generations must be canceled first (BSE2018).
     */
    public long delete(UUID accountId, String generationId) {
        Generation generation = get(accountId, generationId);
        if (!generation.terminal()) {
            throw new ApiException(ErrorCode.CONFLICT, "The generation is still " + generation.status() + "; cancel it before deleting it.",
                    "generation_id");
        }
        long filesDeleted = router.deleteFiles(generation.generationId().toString());
        generations.delete(accountId, generation.generationId());
        return filesDeleted;
    }

    static UUID parseId(String generationId) {
        try {
            return UUID.fromString(generationId);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    static ApiException notFound() {
        return new ApiException(ErrorCode.GENERATION_NOT_FOUND, "Generation not found.", "generation_id");
    }

    // --- read model updates from generation.events (each inside the consumer's transaction) ---

    @Transactional(Transactional.TxType.MANDATORY)
    void started(GenerationStarted e) {
        generations.markStarted(UUID.fromString(e.generationId()), e.predictionId(), e.provider(), e.startedAt(), e.attempt());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void attemptFailed(String generationId, int attempt) {
        generations.recordSubmission(UUID.fromString(generationId), attempt);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void succeeded(GenerationSucceeded e, Releases releases) {
        terminal(releases, generations.markSucceeded(UUID.fromString(e.generationId()), e.provider(), e.predictionId(),
                e.outputFiles() == null ? List.of() : e.outputFiles(), e.startedAt(), e.completedAt() == null ? Instant.now() : e.completedAt(),
                e.predictTimeSeconds()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void failed(GenerationFailed e, Releases releases) {
        terminal(releases, generations.markFailed(UUID.fromString(e.generationId()), e.errorMessage(), e.errorCode(),
                e.failedAt() == null ? Instant.now() : e.failedAt()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void canceled(GenerationCanceled e, Releases releases) {
        terminal(releases, generations.markCanceled(UUID.fromString(e.generationId()), e.providerCancelSent(), e.creditsRefunded(),
                e.predictionId(), e.canceledAt() == null ? Instant.now() : e.canceledAt()));
    }

    /**
     * After a terminal transition (empty when the generation already was terminal): notes the account's in-flight slot
     * to give back and records the end-to-end latency — each exactly once, since a terminal state never changes.
     */
    private void terminal(Releases releases, Optional<GenerationRepository.Ended> transition) {
        transition.ifPresent(ended -> {
            releases.add(ended.accountId());
            Duration latency = Duration.between(ended.createdAt(), ended.completedAt());
            endToEnd.record(latency.isNegative() ? Duration.ZERO : latency);
        });
    }

    /**
     * The in-flight slots freed by the terminal transitions of one transaction, counted per account and given back
     * together at its end ({@link #release}): a poll batch of `generation.events` takes each account's counter row
     * lock once, accounts in a fixed order so two transactions cannot deadlock on them.
     */
    static final class Releases {
        private final java.util.SortedMap<UUID, Integer> perAccount = new java.util.TreeMap<>();

        void add(UUID accountId) {
            perAccount.merge(accountId, 1, Integer::sum);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void release(Releases releases) {
        releases.perAccount.forEach(generations::releaseInFlight);
        releases.perAccount.clear();
    }
}
