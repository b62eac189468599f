package ai.babysea.api.generation;

import ai.babysea.api.account.BalanceProjection;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.key.AuthenticatedKey;
import ai.babysea.api.web.ApiException;
import ai.babysea.api.web.Envelopes;
import ai.babysea.api.web.JsonBodies;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationFailed;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.contracts.events.GenerationStarted;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.platform.jdbc.Sql;
import ai.babysea.platform.outbox.OutboxWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Generation use cases. Submitting validates strictly, prices, pre-checks the balance and then, in
 * ONE transaction, inserts the `pending` record and appends `GenerationRequested` to the outbox —
 * so a request is either fully accepted (and will reach the ledger) or leaves no trace.
 */
@ApplicationScoped
public class GenerationService {
    private final GenerationValidator validator;
    private final GenerationRepository generations;
    private final OutboxWriter outbox;
    private final BalanceProjection balances;
    private final ApiConfig config;

    GenerationService(GenerationValidator validator, GenerationRepository generations, OutboxWriter outbox, BalanceProjection balances,
            ApiConfig config) {
        this.validator = validator;
        this.generations = generations;
        this.outbox = outbox;
        this.balances = balances;
        this.config = config;
    }

    /** Validates, prices and pre-checks a request; throws the contract error on any violation, persisting nothing. */
    ValidatedRequest prepare(AuthenticatedKey key, String mediaType, String modelIdentifier, String body) {
        ModelDefinition model = validator.model(mediaType, modelIdentifier);
        ObjectNode json = JsonBodies.object(body, config.maxBodyBytes(), false);
        ValidatedRequest request = validator.validate(model, json);
        OptionalLong available = balances.available(key.accountId().toString());
        if (available.isPresent() && available.getAsLong() < request.costMicros()) {
            throw new ApiException(ErrorCode.INSUFFICIENT_CREDITS, ErrorCode.INSUFFICIENT_CREDITS.httpStatus(),
                    "The credit balance (" + Envelopes.credits(available.getAsLong()) + ") is below the cost of this request ("
                            + Envelopes.credits(request.costMicros()) + "). Top up credits or wait for the plan renewal.",
                    Map.of("cost", Envelopes.credits(request.costMicros()), "credit_balance", Envelopes.credits(available.getAsLong())),
                    Map.of());
        }
        return request;
    }

    /** Inserts the pending record and its `GenerationRequested` event in one transaction. */
    @Transactional
    Generation create(AuthenticatedKey key, ValidatedRequest request) {
        return insert(key, request);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    Generation insert(AuthenticatedKey key, ValidatedRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var p = request.parameters();
        Generation generation = new Generation(Ids.uuidV7(), key.accountId(), request.model().modelIdentifier(),
                request.model().modelType(), "pending", request.providerOrder(), request.providerOrderFastest(), null, null, p.prompt(),
                p.ratio(), p.outputFormat(), p.outputNumber(), p.inputFiles(), null, p.durationSeconds(), p.resolution(), p.generateAudio(),
                p.extras(), request.costMicros(), null, null, null, null, false, 0, now, null, null, null);
        generations.insert(generation);
        outbox.append(new GenerationRequested(generation.generationId().toString(), key.accountId().toString(),
                generation.modelIdentifier(), generation.mediaType(), p, request.providerOrder(), request.providerOrderFastest(),
                request.costMicros(), now));
        return generation;
    }

    /** One generation of the caller's account; another account's id answers exactly like an unknown one (404). */
    public Generation get(UUID accountId, String generationId) {
        return generations.find(accountId, parseId(generationId)).orElseThrow(GenerationService::notFound);
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
        generations.sql().update("UPDATE generations SET status = 'processing', prediction_id = ?, provider_current = ?, "
                        + "started_at = coalesce(started_at, ?), provider_submissions = greatest(provider_submissions, ?) "
                        + "WHERE generation_id = ? AND " + GenerationRepository.NOT_TERMINAL,
                e.predictionId(), e.provider(), e.startedAt(), e.attempt(), UUID.fromString(e.generationId()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void attemptFailed(String generationId, int attempt) {
        generations.sql().update("UPDATE generations SET provider_submissions = greatest(provider_submissions, ?) "
                + "WHERE generation_id = ? AND " + GenerationRepository.NOT_TERMINAL, attempt, UUID.fromString(generationId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void succeeded(GenerationSucceeded e) {
        generations.sql().update("UPDATE generations SET status = 'succeeded', provider_used = ?, provider_current = ?, "
                        + "prediction_id = coalesce(?, prediction_id), output_files = ?, started_at = coalesce(started_at, ?), "
                        + "completed_at = ?, predict_time_seconds = ? WHERE generation_id = ? AND " + GenerationRepository.NOT_TERMINAL,
                e.provider(), e.provider(), e.predictionId(), e.outputFiles() == null ? new String[0] : e.outputFiles().toArray(String[]::new),
                e.startedAt(), e.completedAt() == null ? Instant.now() : e.completedAt(), e.predictTimeSeconds(),
                UUID.fromString(e.generationId()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void failed(GenerationFailed e) {
        generations.sql().update("UPDATE generations SET status = 'failed', error = ?, error_code = ?, completed_at = ? "
                        + "WHERE generation_id = ? AND " + GenerationRepository.NOT_TERMINAL,
                e.errorMessage(), e.errorCode(), e.failedAt() == null ? Instant.now() : e.failedAt(), UUID.fromString(e.generationId()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void canceled(GenerationCanceled e) {
        generations.sql().update("UPDATE generations SET status = 'canceled', provider_cancel_sent = ?, credits_refunded = ?, "
                        + "prediction_id = coalesce(prediction_id, ?), completed_at = ? WHERE generation_id = ? AND "
                        + GenerationRepository.NOT_TERMINAL,
                e.providerCancelSent(), e.creditsRefunded(), e.predictionId(), e.canceledAt() == null ? Instant.now() : e.canceledAt(),
                UUID.fromString(e.generationId()));
    }

    Sql sql() {
        return generations.sql();
    }
}
