package ai.babysea.api.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * `data` of `GET /v1/estimate/{model_identifier}`, in credits: the video fields only for video models; the balance
 * fields are null when the balance is unknown.
 */
public record EstimateView(String modelIdentifier, String modelType, int assetsCount, @JsonUnwrapped @JsonInclude(JsonInclude.Include.NON_NULL) Video video,
        BigDecimal costPerGeneration, BigDecimal costTotalConsumed, @Schema(nullable = true) BigDecimal creditBalance, @Schema(nullable = true) Boolean creditBalanceCanAfford,
        @Schema(nullable = true) Long creditBalanceMaxAffordable) {

    /** The video part: the rate per second of the chosen variant, the seconds, and the resolution where it is priced. */
    public record Video(BigDecimal costPerSecond, Integer durationSeconds, @JsonInclude(JsonInclude.Include.NON_NULL) String resolution) {
    }
}
