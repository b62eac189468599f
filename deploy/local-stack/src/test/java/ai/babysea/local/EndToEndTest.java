package ai.babysea.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the four packaged services as separate JVMs, an in-JVM Kafka broker, PostgreSQL from
 * packaged binaries, the simulator provider and the request bin — exactly the local stack, on random
 * ports. The test drives it only through the public API and the webhooks it receives, plus the
 * ledger's internal balance for the money check.
 */
class EndToEndTest {
    private static final long FLUX_SCHNELL_MICROS = 5_000;
    private static LocalStack stack;
    private static final HttpJson http = new HttpJson();

    @BeforeAll
    static void startStack() throws Exception {
        Path root = Path.of(System.getProperty("babysea.repo.root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("babysea-e2e");
        // Assigned before start() so that @AfterAll stops whatever did start when start() fails.
        // Durable PostgreSQL, as a user's local stack runs it.
        stack = new LocalStack(new StackConfig(root, work, 0, 0, 0, 0, 0, 0, 0, 0, 150, 0.0, true,
                "e2e-internal-token", "e2e-admin-token"));
        stack.start();
    }

    @Test
    void bothPostgresServersAcknowledgeACommitOnlyOnceItIsOnDisk() {
        assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), stack.durabilitySettings());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private record Submitted(String generationId, String kind) {
    }

    @Test
    void mixedGenerationsReachTheRightTerminalStateWithSignedWebhooksAndExactMoney() throws Exception {
        // Enough for exactly 6 flux-schnell images; we submit more than that.
        long grantMicros = 6 * FLUX_SCHNELL_MICROS;
        DemoSeeder.Demo demo = new DemoSeeder(stack).seedAccount("e2e-money", grantMicros);
        String api = stack.url("api-service");

        // Synchronous rejection: a video that costs far more than the balance is refused at submit (402 BSE1004).
        HttpJson.Reply tooExpensive = http.send("POST", api + "/v1/generate/video/google/veo-2", demo.apiKey(),
                Map.of("generation_prompt", "a seal surfing", "generation_duration", 8));
        assertEquals(402, tooExpensive.status(), String.valueOf(tooExpensive.body()));
        assertEquals("BSE1004", tooExpensive.body().path("error").path("code").asText());

        List<Submitted> submitted = new ArrayList<>();
        String[][] plan = {
            {"ok", "a baby seal on ice"},
            {"ok", "a harbor at dawn"},
            {"fail", "[simulate:fail] a storm"},
            {"failover", "[simulate:fail-first] a lighthouse"},
            {"ok", "a kelp forest"},
            {"fail", "[simulate:fail] a shipwreck"},
        };
        for (String[] item : plan) {
            // An explicit stack makes the failover target deterministic (bfl fails, replicate serves it).
            HttpJson.Reply reply = http.send("POST", api + "/v1/generate/image/bfl/flux-schnell", demo.apiKey(),
                    Map.of("generation_prompt", item[1], "generation_ratio", "16:9",
                            "generation_provider_order", "bfl, replicate, cloudflare"));
            assertEquals(200, reply.status(), String.valueOf(reply.body()));
            JsonNode data = reply.body().path("data");
            assertEquals("success", reply.body().path("status").asText());
            assertTrue(data.path("generation_initialized").asBoolean());
            submitted.add(new Submitted(data.path("generation_id").asText(), item[0]));
        }
        // The planned ones settle first, so the burst below cannot take their credits (partitions are consumed in parallel).
        Map<String, JsonNode> finalRecords = new HashMap<>();
        awaitTerminal(api, demo, submitted, finalRecords);

        // Asynchronous rejection: a burst larger than what is left, submitted in parallel, so some pass the
        // API's fast check and are then refused by the ledger (or refused at once): never charged either way.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpJson.Reply>> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(pool.submit(() -> http.send("POST", api + "/v1/generate/image/bfl/flux-schnell", demo.apiKey(),
                    Map.of("generation_prompt", "burst image"))));
        }
        int rejectedAtSubmit = 0;
        for (Future<HttpJson.Reply> future : burst) {
            HttpJson.Reply reply = future.get();
            if (reply.status() == 200) {
                submitted.add(new Submitted(reply.body().path("data").path("generation_id").asText(), "burst"));
            } else {
                assertEquals(402, reply.status(), String.valueOf(reply.body()));
                assertEquals("BSE1004", reply.body().path("error").path("code").asText());
                rejectedAtSubmit++;
            }
        }
        pool.shutdown();

        awaitTerminal(api, demo, submitted, finalRecords);

        long succeeded = 0;
        List<String> expectedWebhooks = new ArrayList<>();
        for (Submitted s : submitted) {
            JsonNode record = finalRecords.get(s.generationId());
            String status = record.path("generation_status").asText();
            switch (s.kind()) {
                case "ok", "failover" -> {
                    assertEquals("succeeded", status, record.toString());
                    assertFalse(record.path("generation_output_file").isEmpty(), record.toString());
                    String output = record.path("generation_output_file").get(0).asText();
                    HttpJson.Reply file = http.send("GET", output, null, null);
                    assertEquals(200, file.status(), "output " + output + " is served");
                    if (s.kind().equals("failover")) {
                        assertEquals("replicate", record.path("generation_provider_used").asText(), record.toString());
                    }
                }
                case "fail" -> {
                    assertEquals("failed", status, record.toString());
                    assertEquals("BSE4003", record.path("generation_error_code").asText(), record.toString());
                }
                default -> {
                    assertTrue(status.equals("succeeded") || (status.equals("failed")
                            && record.path("generation_error_code").asText().equals("BSE1004")), record.toString());
                }
            }
            if (status.equals("succeeded")) {
                succeeded++;
                expectedWebhooks.add("generation.started/" + s.generationId());
                expectedWebhooks.add("generation.completed/" + s.generationId());
            } else if (record.path("generation_error_code").asText().equals("BSE1004")) {
                expectedWebhooks.add("generation.failed/" + s.generationId());
            } else {
                expectedWebhooks.add("generation.started/" + s.generationId());
                expectedWebhooks.add("generation.failed/" + s.generationId());
            }
        }
        // 6 grants' worth of images: at most 6 can succeed; the planned "fail" ones refund theirs.
        assertTrue(succeeded <= 6, "succeeded " + succeeded);
        assertTrue(succeeded >= 3, "the planned successes succeeded: " + succeeded);
        assertTrue(rejectedAtSubmit + submitted.size() == plan.length + 8);

        // Webhooks: every expected (event, generation) exactly once, each correctly signed.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                webhookKeys(demo).containsAll(expectedWebhooks));
        List<String> received = webhookKeys(demo);
        for (String key : expectedWebhooks) {
            assertEquals(1, received.stream().filter(key::equals).count(), "exactly one " + key + " in " + received);
        }
        for (RequestBin.Received hook : stack.requestBin().received()) {
            assertValidSignature(hook, demo.webhookSecret());
        }

        // Money: the balance is the grant minus the cost of the successful generations; nothing is held.
        await().atMost(Duration.ofSeconds(30)).until(() -> ledgerBalance(demo.accountId()).path("held_micros").asLong() == 0);
        JsonNode balance = ledgerBalance(demo.accountId());
        assertEquals(grantMicros - succeeded * FLUX_SCHNELL_MICROS, balance.path("available_micros").asLong(), balance.toString());
        assertEquals(succeeded * FLUX_SCHNELL_MICROS, balance.path("spent_micros").asLong(), balance.toString());
    }

    /** Polls the public API until every submitted generation is terminal; collects the final records. */
    private static void awaitTerminal(String api, DemoSeeder.Demo demo, List<Submitted> submitted, Map<String, JsonNode> finalRecords) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (Submitted s : submitted) {
                if (finalRecords.containsKey(s.generationId())) {
                    continue;
                }
                HttpJson.Reply reply = http.send("GET", api + "/v1/content/" + s.generationId(), demo.apiKey(), null);
                assertEquals(200, reply.status(), String.valueOf(reply.body()));
                JsonNode record = reply.body().path("data");
                String status = record.path("generation_status").asText();
                if (status.equals("succeeded") || status.equals("failed") || status.equals("canceled")) {
                    finalRecords.put(s.generationId(), record);
                }
            }
            return finalRecords.size() == submitted.size();
        });
    }

    private static JsonNode ledgerBalance(String accountId) {
        return http.send("GET", stack.url("ledger-service") + "/internal/accounts/" + accountId + "/balance",
                stack.config().internalToken(), null).expectSuccess("ledger balance").body();
    }

    private static List<String> webhookKeys(DemoSeeder.Demo demo) throws Exception {
        List<String> keys = new ArrayList<>();
        for (RequestBin.Received hook : stack.requestBin().received()) {
            JsonNode body = HttpJson.mapper().readTree(hook.body());
            if (!demo.accountId().equals(body.path("webhook_data").path("account_id").asText())) {
                continue;
            }
            keys.add(body.path("webhook_event").asText() + "/" + body.path("webhook_data").path("generation_id").asText());
        }
        return keys;
    }

    /** Verifies `X-BabySea-Signature` with our own HMAC (independent of webhook-service's code) and the header set. */
    private static void assertValidSignature(RequestBin.Received hook, String secret) throws Exception {
        String header = hook.header("X-BabySea-Signature");
        assertNotNull(header, "signature header");
        String timestamp = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                timestamp = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        assertNotNull(timestamp, header);
        assertNotNull(v1, header);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300, "fresh timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + hook.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, v1, "signature over t.body with the whsec_ secret");
        JsonNode body = HttpJson.mapper().readTree(hook.body());
        assertEquals(body.path("webhook_event").asText(), hook.header("X-BabySea-Event"));
        assertEquals(body.path("webhook_delivery_id").asText(), hook.header("X-BabySea-Delivery-Id"));
        assertEquals(body.path("webhook_timestamp").asText(), hook.header("X-BabySea-Timestamp"));
        if (!body.path("webhook_event").asText().equals("generation.failed")) {
            assertNull(body.path("webhook_data").get("generation_error"), "fields that do not apply are omitted");
        }
    }
}
