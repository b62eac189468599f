package ai.babysea.harness.chaos;

import java.util.Locale;
import java.util.Map;

/**
 * What a generation's prompt asks the simulated providers to do, and so how it must end when nothing else interferes:
 * plain and {@code [simulate:fail-first]} (fails at the first provider, then succeeds) prompts succeed,
 * {@code [simulate:fail]} (fails at every provider) and {@code [simulate:content-policy]} (refused, BSE2006) prompts fail.
 * A plain or fail-first generation that fails was failed by the chaos, not by its prompt.
 */
enum PromptKind {
    PLAIN("", true),
    FAIL_FIRST(" [simulate:fail-first]", true),
    FAIL(" [simulate:fail]", false),
    CONTENT_POLICY(" [simulate:content-policy]", false);

    private final String marker;
    private final boolean shouldSucceed;

    PromptKind(String marker, boolean shouldSucceed) {
        this.marker = marker;
        this.shouldSucceed = shouldSucceed;
    }

    /** The text appended to the prompt. */
    String marker() {
        return marker;
    }

    /** Whether a generation with this prompt succeeds when only its prompt decides. */
    boolean shouldSucceed() {
        return shouldSucceed;
    }

    /** Lower-case name as the options and the table write it, e.g. {@code fail-first}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The kind of the i-th generation for the given shares of the marked kinds (the rest is plain): spread evenly over
     * the run by the golden-ratio sequence, so every stretch of the load, and so every fault, sees the same mix.
     */
    static PromptKind of(int index, Map<PromptKind, Double> shares) {
        double position = (index * 0.6180339887498949) % 1.0;
        double bound = 0;
        for (PromptKind kind : new PromptKind[] {FAIL, FAIL_FIRST, CONTENT_POLICY}) {
            bound += shares.getOrDefault(kind, 0.0);
            if (position < bound) {
                return kind;
            }
        }
        return PLAIN;
    }
}
