package ai.babysea.api.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load generator for `POST /v1/generate/image/{model}`: sends at a fixed rate regardless
 * of how fast answers come, and measures each call from its <em>scheduled</em> send time, so a
 * stalled server shows up as latency instead of silently lowering the rate (no coordinated
 * omission). Prints throughput, status counts and p50/p99/p99.9/max per step.
 *
 * <pre>
 * java -cp … ai.babysea.api.load.SubmitLoad --url http://127.0.0.1:8080 --admin-token $BABYSEA_ADMIN_TOKEN \
 *      --rates 300 --duration 60 --warmup 10
 * </pre>
 * With `--admin-token` it creates its own Enterprise account and grants credits; or pass `--api-key`.
 * Several `--rates` (comma separated) run one after another and the highest rate whose p99 stays
 * within `--p99-budget-ms` is reported.
 */
public final class SubmitLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SubmitLoad() {
    }

    /** One measured step. */
    record Step(int rate, long sent, long completed, Map<Integer, Long> statuses, long errors, double seconds, Histogram histogram) {
        double p(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String url = options.getOrDefault("url", "http://127.0.0.1:8080");
        String model = options.getOrDefault("model", "bfl/flux-schnell");
        int duration = Integer.parseInt(options.getOrDefault("duration", "60"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        double budget = Double.parseDouble(options.getOrDefault("p99-budget-ms", "50"));
        List<Integer> rates = new ArrayList<>();
        for (String rate : options.getOrDefault("rates", "300").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        String key = options.containsKey("api-key") ? options.get("api-key") : createAccount(http, url, options.get("admin-token"));
        String body = "{\"generation_prompt\":\"load test: a lighthouse at dusk\"}";

        System.out.printf("target %s/v1/generate/image/%s, %d s per step after %d s warm-up%n", url, model, duration, warmup);
        if (warmup > 0) {
            run(http, url, model, key, body, rates.get(0), warmup);
        }
        List<Step> steps = new ArrayList<>();
        for (int rate : rates) {
            Step step = run(http, url, model, key, body, rate, duration);
            steps.add(step);
            System.out.printf("rate %5d/s  sent %7d  done %7d  throughput %8.1f/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %8.2f ms  "
                            + "statuses %s  errors %d%n", rate, step.sent(), step.completed(), step.completed() / step.seconds(), step.p(50),
                    step.p(99), step.p(99.9), step.histogram().getMaxValue() / 1000.0, step.statuses(), step.errors());
        }
        steps.stream().filter(s -> s.p(99) <= budget && s.errors() == 0 && s.statuses().keySet().stream().allMatch(c -> c == 200))
                .mapToInt(Step::rate).max()
                .ifPresentOrElse(best -> System.out.printf("highest rate with p99 <= %.0f ms and only 200s: %d/s%n", budget, best),
                        () -> System.out.printf("no step held p99 <= %.0f ms%n", budget));
        System.exit(0);
    }

    private static Step run(HttpClient http, String url, String model, String key, String body, int rate, int seconds)
            throws InterruptedException {
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        long total = (long) rate * seconds;
        CountDownLatch done = new CountDownLatch((int) total);
        URI uri = URI.create(url + "/v1/generate/image/" + model);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                recorder.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1_000));
                if (failure != null) {
                    errors.incrementAndGet();
                } else {
                    statuses.merge(response.statusCode(), 1L, Long::sum);
                    completed.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Step(rate, total, completed.get(), new java.util.TreeMap<>(statuses), errors.get(), elapsed,
                recorder.getIntervalHistogram());
    }

    private static String createAccount(HttpClient http, String url, String adminToken) throws Exception {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("pass --api-key or --admin-token");
        }
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("account_name", "load test");
        account.put("billing_plan", "Enterprise");
        account.put("apikey_name", "load");
        account.put("apikey_preset", "full_access");
        JsonNode created = post(http, url + "/v1/admin/accounts", adminToken, account);
        String accountId = created.path("data").path("account_id").asText();
        post(http, url + "/v1/admin/accounts/" + accountId + "/grants", adminToken, Map.of("credits", 100_000));
        return created.path("data").path("apikey").path("apikey_key").asText();
    }

    private static JsonNode post(HttpClient http, String url, String token, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
