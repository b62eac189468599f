package ai.babysea.router.provider;

import java.time.Duration;
import java.util.List;

/** The state of a prediction as read from its provider: still running, succeeded with outputs, or failed. */
public sealed interface PollResult permits PollResult.Running, PollResult.Succeeded, PollResult.Failed {

    /** Still running; poll again after the hint (null: the configured interval). */
    record Running(Duration nextPollHint) implements PollResult {
    }

    /** Finished with outputs; predict time in seconds when the provider reports it. */
    record Succeeded(List<ProviderOutput> outputs, Double predictTimeSeconds) implements PollResult {
    }

    /** Finished without outputs. */
    record Failed(ProviderFailure failure) implements PollResult {
    }
}
