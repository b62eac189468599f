package ai.babysea.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Seeds an account the way an operator would: the api-service admin endpoints create the account and
 * its Full Access key and grant credits; webhook-service's internal API registers an endpoint that
 * points at the request bin.
 */
public final class DemoSeeder {
    private final LocalStack stack;
    private final HttpJson http = new HttpJson();

    /** What a seeded account consists of; the key and webhook secret are shown once. */
    public record Demo(String accountId, String apiKey, String webhookSecret, String credits) {
    }

    public DemoSeeder(LocalStack stack) {
        this.stack = stack;
    }

    /** The launcher's demo account: 10 credits. */
    public Demo seed() {
        return seedAccount("BabySea demo", 10_000_000);
    }

    /** Creates an account with a Full Access key, grants the credits, and subscribes the request bin. */
    public Demo seedAccount(String name, long grantMicros) {
        String api = stack.url("api-service");
        JsonNode created = http.send("POST", api + "/v1/admin/accounts", stack.config().adminToken(),
                Map.of("account_name", name, "billing_plan", "Scale", "apikey_name", "demo key", "apikey_preset", "full_access"))
                .expectSuccess("create account").body().path("data");
        String accountId = created.path("account_id").asText();
        String apiKey = created.path("apikey").path("apikey_key").asText();
        JsonNode granted = http.send("POST", api + "/v1/admin/accounts/" + accountId + "/grants", stack.config().adminToken(),
                Map.of("amount_micros", grantMicros, "grant_key", "seed:" + accountId, "description", "local stack seed"))
                .expectSuccess("grant credits").body().path("data");
        JsonNode endpoint = http.send("POST", stack.url("webhook-service") + "/internal/accounts/" + accountId + "/endpoints",
                stack.config().internalToken(), Map.of("url", stack.requestBin().url(), "description", "local request bin"))
                .expectSuccess("register webhook endpoint").body();
        JsonNode secretHolder = endpoint.has("data") ? endpoint.path("data") : endpoint;
        String credits = new java.math.BigDecimal(grantMicros).movePointLeft(6).setScale(3, java.math.RoundingMode.UNNECESSARY)
                .toPlainString();
        if (granted.path("credit_balance").isMissingNode()) {
            throw new IllegalStateException("grant answered without a balance: " + granted);
        }
        return new Demo(accountId, apiKey, secretHolder.path("secret").asText(), credits);
    }
}
