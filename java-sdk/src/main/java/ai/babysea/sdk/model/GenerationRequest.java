package ai.babysea.sdk.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of a generation create (docs/api/generations.md, "The normalized fields"): the common `generation_*` fields (all optional but the prompt, and the
 * duration for video) plus model-specific `generation_*` fields named in the model's `specific_schema`. The API
 * validates strictly against the model; nothing is checked here beyond the field names.
 */
public record GenerationRequest(
        String prompt,
        String ratio,
        String outputFormat,
        Integer outputNumber,
        List<String> inputFiles,
        String inputFileLastContent,
        String providerOrder,
        Integer durationSeconds,
        String resolution,
        Boolean generateAudio,
        Map<String, Object> extras) {

    /** The wire names of the common fields; extras may not reuse them. */
    public static final Set<String> COMMON_FIELDS = Set.of("generation_prompt", "generation_ratio", "generation_output_format",
            "generation_output_number", "generation_input_file", "generation_input_file_last_content", "generation_provider_order",
            "generation_duration", "generation_resolution", "generation_generate_audio");

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        inputFiles = inputFiles == null ? null : List.copyOf(inputFiles);
        extras = extras == null ? Map.of() : Map.copyOf(extras);
        for (String name : extras.keySet()) {
            if (!name.startsWith("generation_") || COMMON_FIELDS.contains(name)) {
                throw new IllegalArgumentException("model-specific fields are generation_* names other than the common fields: " + name);
            }
        }
    }

    /** A request with only a prompt (the model's defaults apply). */
    public static GenerationRequest of(String prompt) {
        return builder(prompt).build();
    }

    /** A builder starting from the prompt. */
    public static Builder builder(String prompt) {
        return new Builder(prompt);
    }

    /** Whether this is a video request: the SDK sends requests with a duration to the video route. */
    public boolean video() {
        return durationSeconds != null;
    }

    /** The JSON body with the contract's field names, absent fields omitted. */
    public Map<String, Object> toBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generation_prompt", prompt);
        putIfSet(body, "generation_ratio", ratio);
        putIfSet(body, "generation_output_format", outputFormat);
        putIfSet(body, "generation_output_number", outputNumber);
        putIfSet(body, "generation_input_file", inputFiles);
        putIfSet(body, "generation_input_file_last_content", inputFileLastContent);
        putIfSet(body, "generation_provider_order", providerOrder);
        putIfSet(body, "generation_duration", durationSeconds);
        putIfSet(body, "generation_resolution", resolution);
        putIfSet(body, "generation_generate_audio", generateAudio);
        body.putAll(extras);
        return body;
    }

    private static void putIfSet(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    /** Builds a {@link GenerationRequest}. */
    public static final class Builder {
        private final String prompt;
        private String ratio;
        private String outputFormat;
        private Integer outputNumber;
        private List<String> inputFiles;
        private String inputFileLastContent;
        private String providerOrder;
        private Integer durationSeconds;
        private String resolution;
        private Boolean generateAudio;
        private final Map<String, Object> extras = new LinkedHashMap<>();

        private Builder(String prompt) {
            this.prompt = prompt;
        }

        /** `generation_ratio`, e.g. `16:9`. */
        public Builder ratio(String value) {
            this.ratio = value;
            return this;
        }

        /** `generation_output_format`: `png`, `jpg`, `webp` (images) or `mp4`. */
        public Builder outputFormat(String value) {
            this.outputFormat = value;
            return this;
        }

        /** `generation_output_number`: how many outputs, 1 up to the model's maximum. */
        public Builder outputNumber(int value) {
            this.outputNumber = value;
            return this;
        }

        /** `generation_input_file`: public URLs of input images. */
        public Builder inputFiles(List<String> urls) {
            this.inputFiles = urls;
            return this;
        }

        /** `generation_input_file_last_content`: the end-frame image of first/last-frame video models. */
        public Builder inputFileLastContent(String url) {
            this.inputFileLastContent = url;
            return this;
        }

        /** `generation_provider_order`: `fastest` or one of the model's orders, e.g. `replicate, fal`. */
        public Builder providerOrder(String value) {
            this.providerOrder = value;
            return this;
        }

        /** `generation_duration` in seconds; makes this a video request. */
        public Builder durationSeconds(int value) {
            this.durationSeconds = value;
            return this;
        }

        /** `generation_resolution` of resolution-priced video models, e.g. `720p`. */
        public Builder resolution(String value) {
            this.resolution = value;
            return this;
        }

        /** `generation_generate_audio` of audio-priced video models. */
        public Builder generateAudio(boolean value) {
            this.generateAudio = value;
            return this;
        }

        /** A model-specific `generation_*` field, e.g. `extra("generation_seed", 42)`. */
        public Builder extra(String name, Object value) {
            extras.put(name, value);
            return this;
        }

        public GenerationRequest build() {
            return new GenerationRequest(prompt, ratio, outputFormat, outputNumber, inputFiles, inputFileLastContent, providerOrder,
                    durationSeconds, resolution, generateAudio, extras);
        }
    }
}
