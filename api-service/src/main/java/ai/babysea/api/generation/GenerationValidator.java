package ai.babysea.api.generation;

import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.error.ApiException;
import ai.babysea.api.http.Fields;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.catalog.ModelCatalog;
import ai.babysea.contracts.catalog.ModelDefinition;
import ai.babysea.contracts.catalog.ModelSchema;
import ai.babysea.contracts.catalog.SpecificField;
import ai.babysea.contracts.events.GenerationParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict validation of a generation request against the model catalog (docs/api/generations.md, "The normalized fields"): unknown fields
 * are rejected naming the field (BSE2001), wrong types are BSE2001, values outside the model's
 * enums and ranges are BSE2008; defaults are applied and the cost is computed from the pricing.
 */
@ApplicationScoped
public class GenerationValidator {
    static final String PROMPT = "generation_prompt";
    static final String RATIO = "generation_ratio";
    static final String FORMAT = "generation_output_format";
    static final String NUMBER = "generation_output_number";
    static final String INPUT_FILE = "generation_input_file";
    static final String LAST_CONTENT = "generation_input_file_last_content";
    static final String ORDER = "generation_provider_order";
    static final String DURATION = "generation_duration";
    static final String RESOLUTION = "generation_resolution";
    static final String AUDIO = "generation_generate_audio";
    private static final Set<String> CORE = Set.of(PROMPT, RATIO, FORMAT, NUMBER, INPUT_FILE, ORDER);

    private final ModelCatalog catalog;
    private final ApiConfig config;

    GenerationValidator(ModelCatalog catalog, ApiConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    /** The model behind an identifier on a media route: BSE2011 when unknown, BSE2012 on the wrong route. */
    ModelDefinition model(String mediaType, String modelIdentifier) {
        ModelDefinition model = catalog.model(modelIdentifier).orElseThrow(() -> new ApiException(ErrorCode.MODEL_NOT_FOUND,
                "No model named '" + Fields.abbreviate(modelIdentifier) + "' exists. See GET /v1/library/models.", "model_identifier"));
        if (!model.modelType().equals(mediaType)) {
            throw new ApiException(ErrorCode.WRONG_MEDIA_ROUTE, "Model '" + model.modelIdentifier() + "' is a " + model.modelType()
                    + " model; use POST /v1/generate/" + model.modelType() + "/" + model.modelIdentifier() + ".", "model_identifier");
        }
        return model;
    }

    /** Validates a body for a model and returns the normalized request with its cost. */
    ValidatedRequest validate(ModelDefinition model, ObjectNode body) {
        ModelSchema schema = model.schema();
        boolean video = ModelDefinition.VIDEO.equals(model.modelType());
        rejectUnknownFields(model, body, video);

        String prompt = Fields.string(body, PROMPT, true, Integer.MAX_VALUE);
        if (prompt.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field 'generation_prompt' must not be blank.", PROMPT);
        }
        if (prompt.length() > config.maxPromptChars()) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field 'generation_prompt' must be at most " + config.maxPromptChars()
                    + " characters.", PROMPT);
        }
        if (Fields.hasControlCharacters(prompt, true)) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Field 'generation_prompt' contains control characters.", PROMPT);
        }

        String ratio = oneOf(body, RATIO, schema.generationRatio(), model.defaults().generationRatio());
        String format = oneOf(body, FORMAT, schema.generationOutputFormat(), model.defaults().generationOutputFormat());
        Integer number = Fields.integer(body, NUMBER, 1, Math.max(1, schema.generationOutputNumber()));
        if (number == null) {
            number = model.defaults().generationOutputNumber() == null ? 1 : model.defaults().generationOutputNumber();
        }

        List<String> inputFiles = urls(body, INPUT_FILE, config.maxInputFiles());
        if (inputFiles != null && !inputFiles.isEmpty() && !schema.generationInputFile()) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Model '" + model.modelIdentifier() + "' does not accept input files.",
                    INPUT_FILE);
        }
        if (video) {
            String last = Fields.string(body, LAST_CONTENT, false, config.maxUrlChars());
            if (last != null) {
                if (!schema.generationInputFile()) {
                    throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Model '" + model.modelIdentifier()
                            + "' does not accept input files.", LAST_CONTENT);
                }
                checkUrl(last, LAST_CONTENT);
                // Merged server-side: the end frame follows the start frame(s).
                inputFiles = new ArrayList<>(inputFiles == null ? List.of() : inputFiles);
                inputFiles.add(last);
                if (inputFiles.size() > config.maxInputFiles()) {
                    throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "At most " + config.maxInputFiles() + " input files.",
                            LAST_CONTENT);
                }
            }
        }

        Integer duration = null;
        String resolution = null;
        Boolean audio = null;
        if (video) {
            JsonNode durationNode = body.get(DURATION);
            if (durationNode == null || durationNode.isNull()) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Field 'generation_duration' is required for video models; allowed: "
                        + schema.generationDuration() + ".", DURATION);
            }
            BigDecimal seconds = Fields.number(durationNode, DURATION);
            duration = schema.generationDuration().stream().filter(d -> BigDecimal.valueOf(d).compareTo(seconds) == 0).findFirst()
                    .orElseThrow(() -> new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field 'generation_duration' must be one of "
                            + schema.generationDuration() + ".", DURATION));
            if (schema.generationResolution() != null) {
                resolution = oneOf(body, RESOLUTION, schema.generationResolution(), model.defaults().generationResolution());
            }
            if (Boolean.TRUE.equals(schema.generationGenerateAudio())) {
                audio = Fields.bool(body, AUDIO);
                if (audio == null) {
                    audio = Boolean.TRUE.equals(model.defaults().generationGenerateAudio());
                }
            }
        }

        String orderString = Fields.string(body, ORDER, false, 200);
        List<String> order;
        boolean fastest;
        if (orderString == null) {
            orderString = model.defaultOrderString();
        }
        if (ModelDefinition.FASTEST.equals(orderString.trim())) {
            fastest = true;
            // The router ranks the stack at dispatch time; until then the model's static default order is reported.
            order = model.defaultOrder();
        } else {
            List<String> requested = ModelDefinition.parseOrder(orderString);
            String accepted = model.providerOrders().stream().filter(o -> ModelDefinition.parseOrder(o).equals(requested)).findFirst()
                    .orElseThrow(() -> new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field 'generation_provider_order' must be "
                            + "'fastest' or one of " + model.providerOrders() + ".", ORDER));
            fastest = false;
            order = ModelDefinition.parseOrder(accepted);
        }

        Map<String, Object> extras = specificFields(model, body);

        long perOutput;
        try {
            perOutput = model.pricing().costPerOutputMicros(duration, resolution, audio != null && audio);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "This combination of resolution and audio has no price.", RESOLUTION);
        }
        long cost = Math.multiplyExact(perOutput, number.longValue());
        GenerationParameters parameters = new GenerationParameters(prompt, ratio, format, number,
                inputFiles == null ? List.of() : List.copyOf(inputFiles), duration, resolution, audio, extras);
        return new ValidatedRequest(model, parameters, order, fastest, cost);
    }

    private void rejectUnknownFields(ModelDefinition model, ObjectNode body, boolean video) {
        ModelSchema schema = model.schema();
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            boolean known = CORE.contains(name)
                    || (video && (name.equals(DURATION) || name.equals(LAST_CONTENT)))
                    || (video && name.equals(RESOLUTION) && schema.generationResolution() != null)
                    || (video && name.equals(AUDIO) && Boolean.TRUE.equals(schema.generationGenerateAudio()))
                    || model.specificField(name) != null;
            if (!known) {
                String shown = Fields.abbreviate(name);
                throw new ApiException(ErrorCode.INVALID_INPUT, "Unknown field '" + shown + "' for model '" + model.modelIdentifier()
                        + "'.", shown);
            }
        }
    }

    private static String oneOf(ObjectNode body, String field, List<String> allowed, String fallback) {
        String value = Fields.string(body, field, false, 100);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field '" + field + "' must be one of " + allowed + ".", field);
        }
        return value;
    }

    private List<String> urls(ObjectNode body, String field, int maxEntries) {
        List<String> values = Fields.strings(body, field, maxEntries, config.maxUrlChars());
        if (values != null) {
            for (String value : values) {
                checkUrl(value, field);
            }
        }
        return values;
    }

    /** Input files must be absolute public http(s) URLs without credentials. */
    private static void checkUrl(String value, String field) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "Entries of '" + field + "' must be absolute http(s) URLs.", field);
            }
        } catch (URISyntaxException e) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "Entries of '" + field + "' must be absolute http(s) URLs.", field);
        }
    }

    private Map<String, Object> specificFields(ModelDefinition model, ObjectNode body) {
        Map<String, Object> extras = new LinkedHashMap<>();
        if (model.specificSchema() == null) {
            return extras;
        }
        for (SpecificField field : model.specificSchema()) {
            JsonNode node = body.get(field.name());
            if (node == null || node.isNull()) {
                if (field.defaultValue() != null) {
                    extras.put(field.name(), field.defaultValue());
                }
                continue;
            }
            extras.put(field.name(), specificValue(field, node, body));
        }
        return extras;
    }

    private Object specificValue(SpecificField field, JsonNode node, ObjectNode body) {
        String name = field.name();
        switch (field.type()) {
            case "boolean" -> {
                return Fields.bool(body, name);
            }
            case "enum" -> {
                return oneOf(body, name, field.enumValues(), null);
            }
            case "string" -> {
                int max = field.max() == null ? config.maxStringChars() : Math.min(field.max().intValue(), config.maxStringChars());
                return Fields.string(body, name, false, max);
            }
            case "integer", "number" -> {
                BigDecimal value = Fields.number(node, name);
                if ("integer".equals(field.type()) && value.stripTrailingZeros().scale() > 0) {
                    throw new ApiException(ErrorCode.INVALID_INPUT, "Field '" + name + "' must be an integer.", name);
                }
                if ((field.min() != null && value.compareTo(field.min()) < 0) || (field.max() != null && value.compareTo(field.max()) > 0)) {
                    throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field '" + name + "' must be between " + field.min() + " and "
                            + field.max() + ".", name);
                }
                if (value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                    throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "Field '" + name + "' is out of range.", name);
                }
                if ("integer".equals(field.type())) {
                    return value.longValueExact();
                }
                return value.doubleValue();
            }
            default -> throw new IllegalStateException("catalog field type " + field.type());
        }
    }
}
