package ai.babysea.sdk.model;

import java.math.BigDecimal;

/** `GET /v1/estimate/{model}`: the cost in credits before submitting; estimates cost nothing. */
public record Estimate(String modelIdentifier, String modelType, Integer assetsCount, BigDecimal costPerSecond, Double durationSeconds,
        String resolution, BigDecimal costPerGeneration, BigDecimal costTotalConsumed, BigDecimal creditBalance,
        Boolean creditBalanceCanAfford, Long creditBalanceMaxAffordable) {
}
