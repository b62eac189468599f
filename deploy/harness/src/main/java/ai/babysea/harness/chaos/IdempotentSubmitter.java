package ai.babysea.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady submit load with the client behaviour our SDKs have: every generation carries its own
 * {@code Idempotency-Key}, and a submit is repeated with the same key and body on a network failure, a 5xx, a 429 or
 * any answer whose error envelope says {@code retryable: true}, after the answer's {@code Retry-After} or else a
 * full-jitter exponential backoff (base 1 s, cap 30 s). Unlike an SDK it never gives up before its deadline: the run
 * must learn what happened to every generation it asked for. Open loop: a generation is sent every 1/rate seconds
 * whatever the answers do.
 */
final class IdempotentSubmitter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF_BASE_MS = 1_000;
    private static final long BACKOFF_CAP_MS = 30_000;

    /** What became of one generation the client asked for. */
    record Submission(int index, String key, PromptKind kind, List<String> generationIds, int attempts, String outcome, String refusal) {
        /** The generation id the key was answered with, or null when it never was. */
        String generationId() {
            return generationIds.isEmpty() ? null : generationIds.get(0);
        }
    }

    /** Outcomes of a submission. */
    static final String ACCEPTED = "accepted";
    static final String REFUSED = "refused";
    static final String GAVE_UP = "gave_up";

    private final HttpClient http;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService timers;
    private final URI submitUri;
    private final String apiKey;
    private final String runId;
    private final Duration retryDeadline;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Submission> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    private volatile ScheduledFuture<?> ticker;

    private final class Pending {
        final int index;
        final String key;
        final PromptKind kind;
        final String body;
        final long deadlineNanos;
        final Set<String> generationIds = new LinkedHashSet<>();
        int attempts;

        Pending(int index, PromptKind kind) {
            this.index = index;
            this.key = runId + "-" + index;
            this.kind = kind;
            this.body = "{\"generation_prompt\":\"chaos run generation " + index + kind.marker() + "\",\"generation_ratio\":\"16:9\"}";
            this.deadlineNanos = System.nanoTime() + retryDeadline.toNanos();
        }
    }

    IdempotentSubmitter(String apiUrl, String apiKey, String model, String runId, Duration retryDeadline) {
        this.callbacks = Executors.newFixedThreadPool(4, daemon("chaos-submit"));
        this.timers = Executors.newScheduledThreadPool(2, daemon("chaos-submit-timer"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(callbacks)
                .build();
        this.submitUri = URI.create(apiUrl + "/v1/generate/image/" + model);
        this.apiKey = apiKey;
        this.runId = runId;
        this.retryDeadline = retryDeadline;
    }

    /** Starts submitting {@code ratePerSecond} generations a second; the i-th has the prompt kind {@code kinds} gives. */
    void start(int ratePerSecond, java.util.function.IntFunction<PromptKind> kinds) {
        long periodNanos = 1_000_000_000L / ratePerSecond;
        ticker = timers.scheduleAtFixedRate(() -> {
            int index = next.getAndIncrement();
            Pending submission = new Pending(index, kinds.apply(index));
            pending.put(index, submission);
            send(submission);
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Stops starting new generations (those started go on until answered or past their deadline). */
    void stopSubmitting() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /** Generations started so far. */
    int started() {
        return next.get();
    }

    /** Generations still waiting for a final answer. */
    int unanswered() {
        return pending.size();
    }

    /** Waits until every started generation has its final answer; false when the timeout passed first. */
    boolean awaitAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return pending.isEmpty();
    }

    /** Every generation's outcome, in submit order (those still waiting included, as gave_up). */
    List<Submission> submissions() {
        List<Submission> all = new ArrayList<>(done.values());
        pending.values().forEach(p -> all.add(finish(p, GAVE_UP, "still unanswered")));
        all.sort(java.util.Comparator.comparingInt(Submission::index));
        return all;
    }

    /** How the API answered, by status (and "network" for a failure without an answer), over every attempt. */
    Map<String, Long> answers() {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    /** Repeated submits. */
    long retries() {
        return retries.get();
    }

    private void send(Pending submission) {
        synchronized (submission) {
            submission.attempts++;
        }
        HttpRequest request = HttpRequest.newBuilder(submitUri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", submission.key)
                .POST(HttpRequest.BodyPublishers.ofString(submission.body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    count("network");
                    retry(submission, null, "network: " + error.getClass().getSimpleName());
                } else {
                    answered(submission, response);
                }
            } catch (RuntimeException e) {
                retry(submission, null, "client: " + e);
            }
        });
    }

    private void answered(Pending submission, HttpResponse<String> response) {
        int status = response.statusCode();
        count(String.valueOf(status));
        JsonNode body = parse(response.body());
        if (status == 200) {
            String id = body.path("data").path("generation_id").asText("");
            if (id.isEmpty()) {
                complete(submission, REFUSED, "200 without a generation id");
                return;
            }
            synchronized (submission) {
                submission.generationIds.add(id);
            }
            complete(submission, ACCEPTED, null);
            return;
        }
        JsonNode error = body.path("error");
        boolean retryable = error.has("retryable") ? error.path("retryable").asBoolean() : status == 429 || status >= 500;
        String code = error.path("code").asText(String.valueOf(status));
        if (!retryable) {
            complete(submission, REFUSED, status + " " + code);
            return;
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(IdempotentSubmitter::seconds).orElse(null);
        retry(submission, retryAfter, status + " " + code);
    }

    private void retry(Pending submission, Duration retryAfter, String reason) {
        int attempts;
        synchronized (submission) {
            attempts = submission.attempts;
        }
        long waitMs;
        if (retryAfter != null) {
            waitMs = retryAfter.toMillis();
        } else {
            long bound = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(attempts - 1, 20));
            waitMs = (long) (ThreadLocalRandom.current().nextDouble() * bound);
        }
        if (System.nanoTime() + waitMs * 1_000_000 > submission.deadlineNanos) {
            complete(submission, GAVE_UP, "last: " + reason);
            return;
        }
        retries.incrementAndGet();
        timers.schedule(() -> send(submission), waitMs, TimeUnit.MILLISECONDS);
    }

    private void complete(Pending submission, String outcome, String refusal) {
        done.put(submission.index, finish(submission, outcome, refusal));
        pending.remove(submission.index);
    }

    private static Submission finish(Pending submission, String outcome, String refusal) {
        synchronized (submission) {
            return new Submission(submission.index, submission.key, submission.kind, List.copyOf(submission.generationIds),
                    submission.attempts, outcome, refusal);
        }
    }

    private void count(String answer) {
        answers.computeIfAbsent(answer, k -> new AtomicLong()).incrementAndGet();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Duration seconds(String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        stopSubmitting();
        timers.shutdownNow();
        callbacks.shutdownNow();
    }
}
