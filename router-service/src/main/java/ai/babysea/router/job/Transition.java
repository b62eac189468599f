package ai.babysea.router.job;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.ProviderFailure;
import java.time.Instant;
import java.util.List;

/**
 * One step of a job's attempt state machine, decided in memory by the engine and made durable by
 * {@link JobService#apply}: a step is applied only when the job's row still is where the engine saw it (same lease
 * owner, attempt and phase), and every fact another service must learn leaves through the outbox in the same
 * transaction. Each step names the job it moves; the engine keeps at most one step per job in flight.
 */
public sealed interface Transition permits Transition.Begin, Transition.Accept, Transition.Succeed, Transition.Fail, Transition.FailIdle {
    /** The job this step moves. */
    JobRef job();

    /**
     * What identifies a job in its events, and the traceparent of its run's span (null without tracing): the events a
     * step announces carry it, so they continue the job's trace when a writer thread commits them.
     */
    record JobRef(String generationId, String accountId, String modelIdentifier, String traceparent) {
    }

    /**
     * Starts the next attempt of an idle job at the provider at {@code index} of {@code order}; {@code order} is
     * persisted when it differs from the job's stored order ({@code fastest}, or providers moved last).
     */
    record Begin(JobRef job, int attemptBefore, int index, String provider, List<String> order, boolean reordered) implements Transition {
    }

    /** The provider accepted attempt {@code attempt}: running, {@code generation.started} is announced. */
    record Accept(JobRef job, int attempt, String provider, String predictionId, String handle) implements Transition {
    }

    /**
     * Attempt {@code attempt} succeeded and its outputs are in our custody. {@code immediate}: the provider answered
     * with the result at submit time (the acceptance is recorded and announced in the same step).
     */
    record Succeed(JobRef job, int attempt, String provider, String predictionId, String handle, boolean immediate,
            List<String> outputFiles, Double predictTimeSeconds, Instant startedAt) implements Transition {
    }

    /**
     * Attempt {@code attempt} failed ({@code abandoned}: written off without a verdict, e.g. its submit outcome is
     * unknown and cannot be looked up); then {@code next} says what the job does.
     */
    record Fail(JobRef job, int attempt, String provider, String predictionId, ProviderFailure failure, boolean abandoned,
            long durationMs, Next next) implements Transition {
    }

    /** A job with nothing in flight ends failed (no provider can serve it, or its start deadline passed). */
    record FailIdle(JobRef job, int attempt, ErrorCode code, String message) implements Transition {
    }

    /** What a job does after a failed attempt. */
    sealed interface Next permits FailOver, Park, GiveUp {
    }

    /** Start the next attempt at once at the provider at {@code index} of {@code order}. */
    record FailOver(int index, String provider, List<String> order, boolean reordered) implements Next {
    }

    /** Nothing in flight; the engine starts the next attempt later (a provider's Retry-After). */
    record Park() implements Next {
    }

    /** The generation fails with this code and message. */
    record GiveUp(ErrorCode code, String message) implements Next {
    }

    /** How a step ended. */
    enum Outcome {
        /** Applied and committed. */
        APPLIED,
        /** The row had moved on (canceled, lease lost, stale attempt): nothing changed. */
        STALE,
        /** An acceptance arrived after the job was canceled: the provider cancel is queued with the prediction id. */
        CANCELED
    }
}
