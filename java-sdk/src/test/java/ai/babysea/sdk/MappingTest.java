package ai.babysea.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.sdk.model.ApiKey;
import ai.babysea.sdk.model.CreateApiKeyRequest;
import ai.babysea.sdk.model.Generation;
import ai.babysea.sdk.model.GenerationPage;
import ai.babysea.sdk.model.GenerationRequest;
import ai.babysea.sdk.model.GenerationStatus;
import ai.babysea.sdk.model.KeyPreset;
import ai.babysea.sdk.model.Model;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wire JSON ↔ records: names, types, extras, pages, request bodies and path encoding. */
class MappingTest {
    @Test
    void aGenerationRecordMapsEveryFieldAndKeepsModelSpecificOnesAsExtras() {
        String json = "{\"account_id\":\"a1\",\"generation_id\":\"g1\",\"model_identifier\":\"bfl/flux-schnell\","
                + "\"generation_provider_order\":[\"bfl\",\"replicate\"],\"generation_provider_used\":\"replicate\","
                + "\"generation_prediction_id\":\"p1\",\"generation_status\":\"failed\",\"generation_prompt\":\"a seal\","
                + "\"generation_ratio\":\"16:9\",\"generation_output_format\":\"png\",\"generation_output_number\":2,"
                + "\"generation_input_file\":null,\"generation_output_file\":null,\"generation_created_at\":\"2026-11-24T10:00:00.000Z\","
                + "\"generation_started_at\":\"2026-11-24T10:00:01.000Z\",\"generation_completed_at\":\"2026-11-24T10:00:04.500Z\","
                + "\"generation_metrics_total_time\":4.5,\"generation_metrics_predict_time\":1.25,\"generation_error\":\"every provider failed\","
                + "\"generation_error_code\":\"BSE4003\",\"generation_seed\":42,\"generation_num_inference_steps\":4}";
        Generation g = Json.convert(Json.parse(json), Generation.class);
        assertEquals("g1", g.generationId());
        assertEquals(GenerationStatus.FAILED, g.generationStatus());
        assertTrue(g.terminal());
        assertEquals(List.of("bfl", "replicate"), g.generationProviderOrder());
        assertEquals(2, g.generationOutputNumber());
        assertEquals(Instant.parse("2026-11-24T10:00:04.500Z"), g.generationCompletedAt());
        assertEquals(1.25, g.generationMetricsPredictTime());
        assertEquals("BSE4003", g.generationErrorCode());
        assertNull(g.generationDuration(), "image records have no video fields");
        assertEquals(Map.of("generation_seed", 42, "generation_num_inference_steps", 4), g.extras());
    }

    @Test
    void anUnknownStatusIsKeptAsUnknownNotAnError() {
        Generation g = Json.convert(Json.parse("{\"generation_id\":\"g\",\"generation_status\":\"paused\"}"), Generation.class);
        assertEquals(GenerationStatus.UNKNOWN, g.generationStatus());
        assertFalse(g.terminal());
        assertEquals(Map.of(), g.extras());
    }

    @Test
    void aPageFoldsTheTopLevelTotalLimitAndOffsetIntoTheRecord() {
        String body = "{\"status\":\"success\",\"request_id\":\"req_1\",\"message\":\"m\",\"timestamp\":\"t\",\"data\":{\"generations\":"
                + "[{\"generation_id\":\"g1\",\"generation_status\":\"pending\"}]},\"total\":3,\"limit\":1,\"offset\":1}";
        Transport.Answer answer = new Transport.Answer(200, HttpHeaders.of(Map.of(), (a, b) -> true), Json.parse(body));
        GenerationPage page = Json.convert(BabySea.paged(answer), GenerationPage.class);
        assertEquals(3, page.total());
        assertEquals(1, page.limit());
        assertEquals(1, page.offset());
        assertEquals("g1", page.generations().get(0).generationId());
        assertTrue(page.hasMore());
    }

    @Test
    void creditsAreExactDecimalsAndPricingKeepsItsShape() {
        Model model = Json.convert(Json.parse("{\"model_identifier\":\"bytedance/seedance-1-pro\",\"model_pricing\":{\"480p\":0.030,"
                + "\"1080p\":0.166},\"schema\":{\"generation_duration\":[5,10],\"generation_ratio\":[\"16:9\"]}}"), Model.class);
        assertEquals(new BigDecimal("0.166"), model.modelPricing().get("1080p").decimalValue());
        assertEquals(List.of(5.0, 10.0), model.schema().generationDuration());
        var billing = Json.convert(Json.parse("{\"billing_credit_balance\":12.480}"), ai.babysea.sdk.model.Billing.class);
        assertEquals(new BigDecimal("12.480"), billing.billingCreditBalance());
    }

    @Test
    void aRequestBodyUsesTheContractNamesAndOmitsWhatIsUnset() {
        GenerationRequest image = GenerationRequest.builder("a seal").ratio("16:9").outputNumber(2).extra("generation_seed", 7).build();
        assertEquals("{\"generation_prompt\":\"a seal\",\"generation_ratio\":\"16:9\",\"generation_output_number\":2,\"generation_seed\":7}",
                Json.write(image.toBody()));
        assertFalse(image.video());
        GenerationRequest video = GenerationRequest.builder("surf").durationSeconds(5).resolution("720p").generateAudio(true)
                .inputFiles(List.of("https://x.test/a.png")).build();
        assertTrue(video.video());
        assertEquals("{\"generation_prompt\":\"surf\",\"generation_input_file\":[\"https://x.test/a.png\"],\"generation_duration\":5,"
                + "\"generation_resolution\":\"720p\",\"generation_generate_audio\":true}", Json.write(video.toBody()));
        assertThrows(IllegalArgumentException.class, () -> GenerationRequest.builder("x").extra("seed", 1).build());
        assertThrows(IllegalArgumentException.class, () -> GenerationRequest.builder("x").extra("generation_ratio", "1:1").build());
        assertThrows(NullPointerException.class, () -> GenerationRequest.of(null));
    }

    @Test
    void managementBodiesUseTheWireNames() {
        assertEquals("{\"apikey_name\":\"ci\",\"apikey_preset\":\"generate_only\",\"apikey_expires_at\":\"2027-01-01T00:00:00Z\"}",
                Json.write(new CreateApiKeyRequest("ci", KeyPreset.GENERATE_ONLY, Instant.parse("2027-01-01T00:00:00Z"), null)));
        ApiKey rotated = Json.convert(Json.parse("{\"apikey_id\":\"k2\",\"apikey_key\":\"bye_new\",\"rotated_apikey\":{\"apikey_id\":\"k1\","
                + "\"apikey_status\":\"rotated\",\"apikey_grace_ends_at\":\"2026-12-08T10:00:00.000Z\"}}"), ApiKey.class);
        assertEquals("bye_new", rotated.apikeyKey());
        assertEquals("rotated", rotated.rotatedApikey().apikeyStatus());
        assertNull(rotated.rotatedApikey().apikeyKey());
    }

    @Test
    void pathPiecesAreEncodedSoAnIdCannotChangeTheRoute() {
        assertEquals("bfl/flux-1.1-pro", Paths.model("bfl/flux-1.1-pro"));
        assertEquals("..%2Fkeys", Paths.segment("../keys"));
        assertEquals("a%20b%3Fc%3Dd%23", Paths.segment("a b?c=d#"));
        assertEquals("?limit=5&offset=0", Paths.query("limit", 5, "offset", 0, "status", null));
        assertEquals("", Paths.query("status", null));
        assertThrows(IllegalArgumentException.class, () -> Paths.segment(""));
    }
}
