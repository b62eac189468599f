package ai.babysea.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.api.TestAccounts.TestAccount;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.GenerationCancelRequested;
import ai.babysea.contracts.events.GenerationCanceled;
import ai.babysea.contracts.events.GenerationSucceeded;
import ai.babysea.embedded.EmbeddedKafka;
import ai.babysea.testing.KafkaEvents;
import ai.babysea.testing.KafkaTestResource;
import ai.babysea.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: same application as {@link GenerationPipelineTest}; router and ledger verdicts are
 * published as events, their internal REST APIs are {@link StubServices}. Checks the exact shapes
 * of the public routes beyond submit/read.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "api"))
@WithTestResource(StubServices.class)
@WithTestResource(EmbeddedRedis.class)
class EndpointsTest {
    private static KafkaEvents events;

    @BeforeAll
    static void observe() {
        events = new KafkaEvents(EmbeddedKafka.shared().bootstrapServers(), Topics.GENERATION_REQUESTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    private static String submit(TestAccount account, String prompt) {
        return GenerationPipelineTest.submit(account, "bfl/flux-schnell", "{\"generation_prompt\":\"" + prompt + "\"}");
    }

    @Test
    void statusAccountAndBillingHaveTheContractFields() {
        TestAccount account = TestAccounts.create("full_access", "12.480");
        given().header("Authorization", account.bearer()).get("/v1/status").then().statusCode(200)
                .body("message", equalTo("API connected successfully"))
                .body("data.account_id", equalTo(account.accountId()))
                .body("data.apikey_id", equalTo(account.keyId()))
                .body("data.apikey_prefix", equalTo(account.key().substring(0, 9)))
                .body("data.apikey_name", equalTo("Default key"))
                .body("data", hasKey("apikey_last_used_at"))
                .body("data.apikey_expires_at", nullValue())
                .header("X-RateLimit-Limit", notNullValue())
                .header("X-RateLimit-Remaining", notNullValue())
                .header("X-RateLimit-Reset", notNullValue());
        given().header("Authorization", account.bearer()).get("/v1/user/account").then().statusCode(200)
                .body("data.account_id", equalTo(account.accountId()))
                .body("data.account_name", equalTo("test full_access"))
                .body("data.account_is_personal", equalTo(false))
                .body("data", hasKey("account_email")).body("data", hasKey("account_picture_url")).body("data", hasKey("account_created_at"));
        given().header("Authorization", account.bearer()).get("/v1/user/billing").then().statusCode(200)
                .body("data.billing_plan", equalTo("Pro"))
                .body("data.billing_credit_balance", equalTo(12.48f))
                .body("data.billing_subscription_status", equalTo("active"))
                .body("data", hasKey("billing_cancel_at_period_end")).body("data", hasKey("billing_period_ends_at"))
                .body("data", hasKey("billing_updated_at"));
    }

    /** The newest internal call whose path starts with the prefix. */
    private static StubServices.Call last(String pathPrefix) {
        List<StubServices.Call> calls = StubServices.calls(pathPrefix);
        assertTrue(!calls.isEmpty(), "no call to " + pathPrefix);
        return calls.get(calls.size() - 1);
    }

    @Test
    void theOperatorReadsAnAccountWithItsAccountThenItsBillingFields() {
        TestAccount account = TestAccounts.create("full_access", null);
        String body = given().header("Authorization", TestAccounts.ADMIN).get("/v1/admin/accounts/{id}", account.accountId()).then()
                .statusCode(200).body("data.account_id", equalTo(account.accountId())).body("data.billing_plan", equalTo("Pro"))
                .body("data.billing_credit_balance", nullValue()).extract().asString();
        List<String> names = new java.util.ArrayList<>();
        JsonPath.from(body).getMap("data").keySet().forEach(name -> names.add(name.toString()));
        assertEquals(List.of("account_id", "account_name", "account_email", "account_is_personal", "account_picture_url",
                "account_created_at", "billing_plan", "billing_credit_balance", "billing_subscription_status", "billing_cancel_at_period_end",
                "billing_currency", "billing_period_starts_at", "billing_period_ends_at", "billing_created_at", "billing_updated_at"), names);
    }

    @Test
    void estimateClampsCountAndPricesVideoVariants() {
        TestAccount account = TestAccounts.create("monitor_only", "12.480");
        given().header("Authorization", account.bearer()).get("/v1/estimate/bfl/flux-1.1-pro").then().statusCode(200)
                .body("data.model_type", equalTo("image"))
                .body("data.assets_count", equalTo(1))
                .body("data.cost_per_generation", equalTo(0.052f))
                .body("data.cost_total_consumed", equalTo(0.052f))
                .body("data.credit_balance", equalTo(12.48f))
                .body("data.credit_balance_can_afford", equalTo(true))
                .body("data.credit_balance_max_affordable", equalTo(240))
                .body("data", not(hasKey("cost_per_second")));
        given().header("Authorization", account.bearer()).get("/v1/estimate/bfl/flux-schnell?count=1000").then().statusCode(200)
                .body("data.assets_count", equalTo(100)).body("data.cost_total_consumed", equalTo(0.5f));
        given().header("Authorization", account.bearer()).get("/v1/estimate/bfl/flux-schnell?count=-3").then().statusCode(200)
                .body("data.assets_count", equalTo(1));
        given().header("Authorization", account.bearer())
                .get("/v1/estimate/bytedance/seedance-1.5-pro?duration=10&resolution=1080p&audio=true").then().statusCode(200)
                .body("data.model_type", equalTo("video"))
                .body("data.cost_per_second", equalTo(0.117f))
                .body("data.duration_seconds", equalTo(10))
                .body("data.resolution", equalTo("1080p"))
                .body("data.cost_per_generation", equalTo(1.17f));
        given().header("Authorization", account.bearer()).get("/v1/estimate/kling/v1.5-pro?duration=5").then().statusCode(200)
                .body("data.cost_per_generation", equalTo(0.49f)).body("data", not(hasKey("resolution")));
        given().header("Authorization", account.bearer()).get("/v1/estimate/kling/v1.5-pro?duration=7").then().statusCode(422)
                .body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("duration"));
        given().header("Authorization", account.bearer()).get("/v1/estimate/nobody/nothing").then().statusCode(404)
                .body("error.code", equalTo("BSE2011"));
    }

    @Test
    void libraryPublishesCatalogWithPricingAndSchema() {
        TestAccount account = TestAccounts.create("monitor_only", null);
        JsonPath models = given().header("Authorization", account.bearer()).get("/v1/library/models").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(models.getList("data.models").size(), models.getInt("data.models_total"));
        assertEquals(0.005f, models.getFloat("data.models.find { it.model_identifier == 'bfl/flux-schnell' }.model_pricing"));
        assertEquals(0.166f, models.getFloat("data.models.find { it.model_identifier == 'bytedance/seedance-1-pro' }.model_pricing.1080p"));
        assertEquals(List.of(5, 6, 7, 8), models.getList("data.models.find { it.model_identifier == 'google/veo-2' }.schema.generation_duration"));
        assertTrue(models.getList("data.models.find { it.model_identifier == 'bfl/flux-1.1-pro' }.specific_schema")
                .contains("generation_guidance_scale"));
        // the additive form description: core defaults and typed model-specific fields
        assertEquals("1:1", models.getString("data.models.find { it.model_identifier == 'bfl/flux-schnell' }.schema_defaults.generation_ratio"));
        assertEquals("fastest", models.getString(
                "data.models.find { it.model_identifier == 'bfl/flux-schnell' }.schema_defaults.generation_provider_order"));
        Map<String, Object> steps = models.getMap("data.models.find { it.model_identifier == 'bfl/flux-schnell' }"
                + ".specific_schema_fields.find { it.name == 'generation_num_inference_steps' }");
        assertEquals(Map.of("name", "generation_num_inference_steps", "type", "integer", "min", 1, "max", 4, "default", 4), steps);
        given().header("Authorization", account.bearer()).get("/v1/library/providers").then().statusCode(200)
                .body("data.providers_total", equalTo(9))
                .body("data.providers.find { it.provider_id == 'replicate' }.babysea_implementation.cancel_method",
                        equalTo("prediction_cancel_api"))
                .body("data.providers.find { it.provider_id == 'replicate' }.babysea_implementation.supported_models_total",
                        greaterThanOrEqualTo(10));
    }

    @Test
    void contentListIsNewestFirstWithTopLevelPagination() {
        TestAccount account = TestAccounts.create("generate_only", "10");
        String first = submit(account, "one");
        String second = submit(account, "two");
        String third = submit(account, "three");
        JsonPath page = given().header("Authorization", account.bearer()).get("/v1/content/list?limit=2").then().statusCode(200)
                .body("total", equalTo(3)).body("limit", equalTo(2)).body("offset", equalTo(0))
                .extract().jsonPath();
        assertEquals(List.of(third, second), page.getList("data.generations.generation_id"));
        given().header("Authorization", account.bearer()).get("/v1/content/list?limit=2&offset=2").then().statusCode(200)
                .body("data.generations.generation_id", equalTo(List.of(first)));
        given().header("Authorization", account.bearer()).get("/v1/content/list?limit=500").then().statusCode(200).body("limit", equalTo(100));
        given().header("Authorization", account.bearer()).get("/v1/content/list?limit=abc").then().statusCode(400)
                .body("error.details.field", equalTo("limit"));
        TestAccount other = TestAccounts.create("generate_only", "10");
        given().header("Authorization", other.bearer()).get("/v1/content/list").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void contentListFiltersByStatusAndModelWithPagingAndRefusesBadFilters() {
        TestAccount account = TestAccounts.create("generate_only", "10");
        String schnellOld = submit(account, "schnell old");
        String pro = GenerationPipelineTest.submit(account, "bfl/flux-1.1-pro", "{\"generation_prompt\":\"pro\"}");
        String schnellNew = submit(account, "schnell new");
        events.publish(new GenerationSucceeded(schnellOld, account.accountId(), "bfl/flux-schnell", "bfl", "p", List.of("https://cdn/x.png"),
                1.0, Instant.now(), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(
                GenerationPipelineTest.content(account, schnellOld).getString("data.generation_status")));

        given().header("Authorization", account.bearer()).get("/v1/content/list?status=succeeded").then().statusCode(200)
                .body("total", equalTo(1)).body("data.generations.generation_id", equalTo(List.of(schnellOld)));
        given().header("Authorization", account.bearer()).get("/v1/content/list?status=pending").then().statusCode(200)
                .body("total", equalTo(2)).body("data.generations.generation_id", equalTo(List.of(schnellNew, pro)));
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=bfl/flux-schnell&limit=1").then().statusCode(200)
                .body("total", equalTo(2)).body("limit", equalTo(1)).body("data.generations.generation_id", equalTo(List.of(schnellNew)));
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=bfl/flux-schnell&limit=1&offset=1").then()
                .statusCode(200).body("total", equalTo(2)).body("data.generations.generation_id", equalTo(List.of(schnellOld)));
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=bfl/flux-schnell&status=pending").then()
                .statusCode(200).body("total", equalTo(1)).body("data.generations.generation_id", equalTo(List.of(schnellNew)));
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=bfl/flux-1.1-pro&status=succeeded").then()
                .statusCode(200).body("total", equalTo(0)).body("data.generations", equalTo(List.of()));
        // an unknown but well-formed model matches nothing; another account's generations never show
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=acme/none").then().statusCode(200)
                .body("total", equalTo(0));
        TestAccount other = TestAccounts.create("generate_only", "10");
        given().header("Authorization", other.bearer()).get("/v1/content/list?model=bfl/flux-schnell").then().statusCode(200)
                .body("total", equalTo(0));

        given().header("Authorization", account.bearer()).get("/v1/content/list?status=done").then().statusCode(422)
                .body("status", equalTo("error")).body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("status"));
        given().header("Authorization", account.bearer()).get("/v1/content/list?status=SUCCEEDED").then().statusCode(422)
                .body("error.code", equalTo("BSE2008"));
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=flux-schnell").then().statusCode(422)
                .body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("model"));
        given().header("Authorization", account.bearer()).get("/v1/content/list?model=bfl/flux' OR 1=1").then().statusCode(422)
                .body("error.details.field", equalTo("model"));
        given().header("Authorization", account.bearer()).get("/v1/content/list?status=failed&limit=x").then().statusCode(400)
                .body("error.code", equalTo("BSE2001")).body("error.details.field", equalTo("limit"));
    }

    @Test
    void usageSplitsTheWindowsGenerationsByUtcDate() {
        TestAccount account = TestAccounts.create("full_access", "10");
        String succeeded = submit(account, "daily one");
        submit(account, "daily two");
        events.publish(new GenerationSucceeded(succeeded, account.accountId(), "bfl/flux-schnell", "bfl", "p", List.of("https://cdn/x.png"),
                1.0, Instant.now(), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(
                GenerationPipelineTest.content(account, succeeded).getString("data.generation_status")));
        JsonPath usage = given().header("Authorization", account.bearer()).get("/v1/usage?days=7").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> daily = usage.getList("data.usage_daily");
        // a rolling window of 7 x 24 h touches 8 UTC dates, every one present, oldest first, ending today
        assertEquals(8, daily.size(), usage.prettify());
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String last = (String) daily.get(7).get("date");
        assertTrue(last.equals(today.toString()) || last.equals(today.minusDays(1).toString()), last);
        for (int i = 1; i < daily.size(); i++) {
            assertEquals(java.time.LocalDate.parse((String) daily.get(i - 1).get("date")).plusDays(1),
                    java.time.LocalDate.parse((String) daily.get(i).get("date")));
        }
        assertEquals(2, daily.stream().mapToInt(d -> (Integer) d.get("generations")).sum());
        assertEquals(1, daily.stream().mapToInt(d -> (Integer) d.get("succeeded")).sum());
        assertEquals(0, daily.stream().mapToInt(d -> (Integer) d.get("failed")).sum());
        double spend = daily.stream().mapToDouble(d -> ((Number) d.get("spend")).doubleValue()).sum();
        assertEquals(usage.getDouble("data.usage_total_estimated_cost"), spend, 1e-9);
        assertTrue(spend > 0, usage.prettify());
        given().header("Authorization", account.bearer()).get("/v1/usage?days=1").then().statusCode(200)
                .body("data.usage_daily.size()", equalTo(2));
        given().header("Authorization", account.bearer()).get("/v1/usage?days=0").then().statusCode(422)
                .body("error.code", equalTo("BSE2008"));
    }

    @Test
    void theOperatorListsAccountsNewestFirstWithPlanAndBalance() {
        TestAccount older = TestAccounts.create("full_access", "7.5");
        TestAccount newer = TestAccounts.create("read_only", null);
        JsonPath page = given().header("Authorization", TestAccounts.ADMIN).get("/v1/admin/accounts?limit=100").then().statusCode(200)
                .body("status", equalTo("success")).body("limit", equalTo(100)).body("offset", equalTo(0))
                .extract().jsonPath();
        List<String> ids = page.getList("data.accounts.account_id");
        assertTrue(ids.indexOf(newer.accountId()) >= 0 && ids.indexOf(newer.accountId()) < ids.indexOf(older.accountId()), ids.toString());
        assertTrue(page.getInt("total") >= 2, page.prettify());
        Map<String, Object> row = page.getMap("data.accounts.find { it.account_id == '" + older.accountId() + "' }");
        assertEquals("Pro", row.get("billing_plan")); // TestAccounts creates Pro accounts
        assertEquals(7.5f, row.get("billing_credit_balance"));
        assertTrue(row.containsKey("account_created_at") && row.get("account_created_at") != null, row.toString());
        given().header("Authorization", TestAccounts.ADMIN).get("/v1/admin/accounts?limit=1&offset=1").then().statusCode(200)
                .body("data.accounts.size()", equalTo(1)).body("limit", equalTo(1)).body("offset", equalTo(1));

        given().header("Authorization", TestAccounts.ADMIN).get("/v1/admin/accounts?limit=0").then().statusCode(422)
                .body("error.code", equalTo("BSE2008")).body("error.details.field", equalTo("limit"));
        given().header("Authorization", TestAccounts.ADMIN).get("/v1/admin/accounts?offset=abc").then().statusCode(400)
                .body("error.code", equalTo("BSE2001")).body("error.details.field", equalTo("offset"));
        given().get("/v1/admin/accounts").then().statusCode(401).body("error.code", equalTo("BSE1001"));
        given().header("Authorization", newer.bearer()).get("/v1/admin/accounts").then().statusCode(401).body("error.code", equalTo("BSE1002"));
    }

    @Test
    void cancelReportsTheRoutersVerdictAndRefusesTerminalGenerations() throws Exception {
        TestAccount account = TestAccounts.create("full_access", "10");
        String id = submit(account, "cancel me");
        // play the router: when the cancel request appears on generation.requests, confirm it
        CompletableFuture<Void> router = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(20)).until(() -> !events.seen(GenerationCancelRequested.class,
                    c -> c.generationId().equals(id)).isEmpty());
            events.publish(new GenerationCanceled(id, account.accountId(), "bfl/flux-schnell", "pred-9", true, true, Instant.now()));
        });
        given().header("Authorization", account.bearer()).post("/v1/content/generation/cancel/{id}", id).then().statusCode(200)
                .body("data.generation_id", equalTo(id))
                .body("data.generation_status", equalTo("canceled"))
                .body("data.provider_cancel_sent", equalTo(true))
                .body("data.credits_refunded", equalTo(true));
        router.get();
        given().header("Authorization", account.bearer()).post("/v1/content/generation/cancel/{id}", id).then().statusCode(409)
                .body("error.code", equalTo("BSE2014"));
        // nobody answers: the cancel is accepted but not confirmed within the wait
        String unanswered = submit(account, "slow router");
        given().header("Authorization", account.bearer()).post("/v1/content/generation/cancel/{id}", unanswered).then().statusCode(202)
                .body("data.generation_status", equalTo("pending"))
                .body("data.credits_refunded", equalTo(false));
        TestAccount other = TestAccounts.create("full_access", null);
        given().header("Authorization", other.bearer()).post("/v1/content/generation/cancel/{id}", unanswered).then().statusCode(404)
                .body("error.code", equalTo("BSE2013"));
    }

    @Test
    void deleteRemovesRecordAndFilesOnlyWhenFinished() {
        TestAccount account = TestAccounts.create("full_access", "10");
        String id = submit(account, "delete me");
        given().header("Authorization", account.bearer()).delete("/v1/content/{id}", id).then().statusCode(409)
                .body("error.code", equalTo("BSE2018"));
        events.publish(new GenerationSucceeded(id, account.accountId(), "bfl/flux-schnell", "bfl", "p", List.of("https://cdn/x.png"), 1.0,
                Instant.now(), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(
                GenerationPipelineTest.content(account, id).getString("data.generation_status")));
        TestAccount other = TestAccounts.create("full_access", null);
        given().header("Authorization", other.bearer()).delete("/v1/content/{id}", id).then().statusCode(404);
        given().header("Authorization", account.bearer()).delete("/v1/content/{id}", id).then().statusCode(200)
                .body("data.generation_id", equalTo(id)).body("data.files_deleted", equalTo(2));
        assertEquals(1, StubServices.calls("/router/internal/generations/" + id + "/files").size());
        given().header("Authorization", account.bearer()).get("/v1/content/{id}", id).then().statusCode(404);
    }

    @Test
    void healthPassesTheRouterThroughAndProbesRedis() {
        TestAccount account = TestAccounts.create("monitor_only", null);
        given().header("Authorization", account.bearer()).get("/v1/health/inference/providers").then().statusCode(200)
                .body("data.service", equalTo("providers")).body("data.providers[0].window.total_attempts", equalTo(3));
        given().header("Authorization", account.bearer()).get("/v1/health/storage").then().statusCode(200)
                .body("data.service", equalTo("storage")).body("data.bucket", equalTo("outputs"));
        given().header("Authorization", account.bearer()).get("/v1/health/cache").then().statusCode(200)
                .body("data.service", equalTo("redis")).body("data.healthy", equalTo(true)).body("data.backend", equalTo("redis"));
    }

    @Test
    void usageCreditsLogsAndWebhookProxy() {
        TestAccount account = TestAccounts.create("full_access", "10");
        submit(account, "counted");
        given().header("Authorization", account.bearer()).get("/v1/content/0191b4a0-0000-7000-8000-000000000000").then().statusCode(404);
        JsonPath usage = given().header("Authorization", account.bearer()).get("/v1/usage?days=7").then().statusCode(200)
                .body("data.usage_period_days", equalTo(7))
                .body("data.usage_total_generations", equalTo(1))
                .body("data.usage_credit_balance", equalTo(10.0f)) // no ledger reserved anything here
                .extract().jsonPath();
        assertTrue(usage.getInt("data.usage_total_requests") >= 2, usage.prettify());
        assertEquals(1, usage.getInt("data.usage_endpoints.find { it.endpoint == '/v1/content/{generation_id}' }.error_codes.BSE2013"));
        given().header("Authorization", account.bearer()).get("/v1/usage?days=91").then().statusCode(422);

        given().header("Authorization", account.bearer()).get("/v1/logs?limit=10").then().statusCode(200)
                .body("data.logs[0].ip_hash.length()", equalTo(12))
                .body("data.logs.endpoint", org.hamcrest.Matchers.hasItem("/v1/generate/image/{model_identifier}"));

        given().header("Authorization", account.bearer()).get("/v1/user/credits").then().statusCode(200)
                .body("total", equalTo(1)).body("data.entries[0].type", equalTo("add")).body("data.entries[0].amount", equalTo(1.0f));

        String created = "{\"url\":\"https://hooks.example/x\",\"events\":[\"generation.completed\"]}";
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(created)
                .post("/v1/webhooks/endpoints").then().statusCode(201)
                .body("data.url", equalTo("https://hooks.example/x")).body("data.secret", equalTo("whsec_stub"));
        StubServices.Call create = last("/webhook/internal/accounts/" + account.accountId() + "/endpoints");
        assertEquals("POST", create.method());
        assertEquals("/webhook/internal/accounts/" + account.accountId() + "/endpoints", create.path());
        assertEquals(created, create.body());
        assertEquals("account_plan=Pro", create.query(), "writes carry the account's plan");
        given().header("Authorization", account.bearer()).get("/v1/webhooks/endpoints/ep_1/deliveries?limit=5").then().statusCode(200)
                .body("data.limit", equalTo(5)).body("data.deliveries.size()", equalTo(0));
        StubServices.Call deliveries = last("/webhook/internal/accounts/" + account.accountId() + "/endpoints/ep_1");
        assertEquals("GET", deliveries.method());
        assertEquals("/webhook/internal/accounts/" + account.accountId() + "/endpoints/ep_1/deliveries", deliveries.path());
        assertEquals("limit=5", deliveries.query());
        given().header("Authorization", account.bearer()).get("/v1/webhooks/endpoints/ep_1/unknown").then().statusCode(404)
                .body("error.code", equalTo("BSE2017"));
        TestAccount reader = TestAccounts.create("read_only", null);
        given().header("Authorization", reader.bearer()).contentType(ContentType.JSON).body("{}")
                .post("/v1/webhooks/endpoints").then().statusCode(403).body("error.code", equalTo("BSE1003"));
    }
}
