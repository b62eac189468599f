package ai.babysea.contracts.events;

import java.util.List;

/** The balance fell below one or more armed low-balance thresholds (each fires once per descent). */
public record LowBalanceCrossed(String accountId, long currentBalanceMicros, List<ThresholdCrossing> thresholdsCrossed)
        implements DomainEvent {

    /** One threshold crossed and the balance at that moment. */
    public record ThresholdCrossing(long thresholdMicros, long balanceAtMicros) {
    }

    @Override
    public String aggregateId() {
        return accountId;
    }
}
