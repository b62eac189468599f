package ai.babysea.contracts.catalog;

import java.util.Map;

/**
 * A model's price in micro-credits: per output (images) or per second (video), optionally
 * per variant (`<resolution>`, or `<resolution>_audio` / `<resolution>_noaudio`).
 */
public record Pricing(String unit, Long amountMicros, Map<String, Long> variantsMicros) {
    /** `unit` of image models: the amount is charged per output. */
    public static final String PER_OUTPUT = "per_output";
    /** `unit` of video models: the amount is charged per second of requested duration. */
    public static final String PER_SECOND = "per_second";

    /** Whether the price depends on the resolution. */
    public boolean resolutionPriced() {
        return variantsMicros != null && variantsMicros.keySet().stream().anyMatch(k -> !k.equals("audio") && !k.equals("noaudio"));
    }

    /** Whether the price depends on audio being generated. */
    public boolean audioPriced() {
        return variantsMicros != null && variantsMicros.keySet().stream().anyMatch(k -> k.endsWith("audio"));
    }

    /** The variant key for these inputs, or null for flat pricing. */
    public String variantKey(String resolution, boolean generateAudio) {
        if (variantsMicros == null) {
            return null;
        }
        String audioPart = generateAudio ? "audio" : "noaudio";
        if (audioPriced()) {
            return resolution == null ? audioPart : resolution + "_" + audioPart;
        }
        return resolution;
    }

    /** Rate of one unit (one output, or one second) for these inputs; throws if the variant is unknown. */
    public long unitMicros(String resolution, boolean generateAudio) {
        if (variantsMicros == null) {
            return amountMicros;
        }
        String key = variantKey(resolution, generateAudio);
        Long rate = variantsMicros.get(key);
        if (rate == null) {
            throw new IllegalArgumentException("no price for variant " + key);
        }
        return rate;
    }

    /**
     * Cost of one output: per-output rate, or per-second rate times the duration. Integer arithmetic,
     * overflow-checked; the total is this times the number of outputs.
     */
    public long costPerOutputMicros(Integer durationSeconds, String resolution, boolean generateAudio) {
        long unit = unitMicros(resolution, generateAudio);
        if (PER_SECOND.equals(unit())) {
            if (durationSeconds == null) {
                throw new IllegalArgumentException("duration required for per-second pricing");
            }
            return Math.multiplyExact(unit, durationSeconds.longValue());
        }
        return unit;
    }
}
