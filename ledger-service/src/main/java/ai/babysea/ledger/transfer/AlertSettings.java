package ai.babysea.ledger.transfer;

import java.util.List;

/** A customer's low-balance alert settings and the thresholds currently fired (disarmed until the balance rises again). */
public record AlertSettings(String accountId, boolean enabled, List<Long> thresholdsMicros, List<Long> firedThresholdsMicros) {
}
