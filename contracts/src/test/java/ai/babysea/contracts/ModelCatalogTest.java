package ai.babysea.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.catalog.ModelCatalog;
import ai.babysea.contracts.catalog.ModelDefinition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled catalog loads, is consistent, and prices requests with integer micro-credits. */
class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.load();

    @Test
    void holdsAtLeastEightImageAndFourVideoModels() {
        long images = catalog.models().stream().filter(m -> m.modelType().equals("image")).count();
        long videos = catalog.models().stream().filter(m -> m.modelType().equals("video")).count();
        assertTrue(images >= 8, "images: " + images);
        assertTrue(videos >= 4, "videos: " + videos);
    }

    @Test
    void everyStackProviderHasAProfileAndANativeId() {
        for (ModelDefinition model : catalog.models()) {
            for (String provider : model.supportedProviders()) {
                assertTrue(catalog.provider(provider).isPresent(), model.modelIdentifier() + " -> " + provider);
                assertTrue(model.nativeModelId(provider) != null);
            }
        }
    }

    @Test
    void pricesImagesPerOutputAsTheContractShows() {
        ModelDefinition schnell = catalog.model("bfl/flux-schnell").orElseThrow();
        assertEquals(5_000, schnell.pricing().costPerOutputMicros(null, null, false));
        assertEquals(52_000, catalog.model("bfl/flux-1.1-pro").orElseThrow().pricing().costPerOutputMicros(null, null, false));
        assertEquals(List.of("bfl", "replicate", "cloudflare"), schnell.defaultOrder());
        assertEquals("fastest", schnell.defaultOrderString());
        assertTrue(schnell.acceptsOrder("replicate, fal, cloudflare"));
        assertFalse(schnell.acceptsOrder("fal"));
    }

    @Test
    void pricesVideoPerSecondPerVariant() {
        ModelDefinition seedance = catalog.model("bytedance/seedance-1-pro").orElseThrow();
        assertEquals(5 * 62_000, seedance.pricing().costPerOutputMicros(5, "720p", false));
        ModelDefinition audio = catalog.model("bytedance/seedance-1.5-pro").orElseThrow();
        assertEquals("1080p_audio", audio.pricing().variantKey("1080p", true));
        assertEquals(10 * 117_000, audio.pricing().costPerOutputMicros(10, "1080p", true));
        assertEquals(10 * 26_000, audio.pricing().costPerOutputMicros(10, "720p", false));
        ModelDefinition veo = catalog.model("google/veo-2").orElseThrow();
        assertEquals(8 * 500_000, veo.pricing().costPerOutputMicros(8, null, false));
        assertThrows(IllegalArgumentException.class, () -> veo.pricing().costPerOutputMicros(null, null, false));
        assertThrows(IllegalArgumentException.class, () -> seedance.pricing().costPerOutputMicros(5, "4k", false));
    }

    @Test
    void rejectsAnInconsistentCatalogAtLoad() {
        String bad = "{\"catalog_version\":\"x\",\"providers\":[],\"models\":[{\"model_identifier\":\"a/b\",\"model_type\":\"video\","
                + "\"schema\":{\"generation_ratio\":[\"1:1\"],\"generation_output_format\":[\"mp4\"],\"generation_output_number\":1,"
                + "\"generation_input_file\":false},\"defaults\":{\"generation_ratio\":\"1:1\",\"generation_output_format\":\"mp4\"},"
                + "\"pricing\":{\"unit\":\"per_second\",\"amount_micros\":1},\"provider_orders\":[\"replicate\"],"
                + "\"providers\":{\"replicate\":{\"native_model_id\":\"x/y\"}},\"specific_schema\":[]}]}";
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> ModelCatalog.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))));
        assertTrue(error.getMessage().contains("without durations"), error.getMessage());
    }

    @Test
    void errorCodesAreUniqueAndWellFormed() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(code.code().matches("BSE[1-5]\\d{3}"), code.code());
            assertTrue(seen.add(code.code()), "duplicate " + code.code());
            assertEquals(code, ErrorCode.ofCode(code.code()));
        }
        assertEquals(402, ErrorCode.INSUFFICIENT_CREDITS.httpStatus());
        assertEquals("BSE1004", ErrorCode.INSUFFICIENT_CREDITS.code());
    }
}
