package ai.babysea.harness.chaos;

import ai.babysea.harness.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * After the load: waits until every accepted generation has ended (read through the public API) and its terminal
 * webhook arrived, or the settle timeout passed, then checks what the run must leave behind and reports each check
 * with what was observed. Every check is read from outside, as a customer or an operator would: the public API, the
 * signature-checking webhook receiver, the ledger's reconciliation endpoint, and the simulated providers' submission
 * ledger (what a real provider's dashboard would show).
 */
final class Verification {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");
    private static final Map<String, String> WEBHOOK_OF_STATUS = Map.of("succeeded", "generation.completed", "failed", "generation.failed",
            "canceled", "generation.canceled");
    private static final int SAMPLE = 5;

    /** One verified property: whether it held, and what was seen. */
    record Check(String name, boolean passed, String observed) {
    }

    /** A generation as the public API shows it. */
    record Generation(String id, String status, String errorCode) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiUrl;
    private final String apiKey;
    private final String accountId;
    private final String ledgerUrl;
    private final String internalToken;
    private final WebhookReceiver receiver;
    private final Path simulatorLedger;

    Verification(String apiUrl, String apiKey, String accountId, String ledgerUrl, String internalToken, WebhookReceiver receiver,
            Path simulatorLedger) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.accountId = accountId;
        this.ledgerUrl = ledgerUrl;
        this.internalToken = internalToken;
        this.receiver = receiver;
        this.simulatorLedger = simulatorLedger;
    }

    /** The checks, after waiting up to {@code settleTimeout} for the generations to end and their webhooks to arrive. */
    List<Check> verify(List<IdempotentSubmitter.Submission> submissions, Duration settleTimeout, Map<String, String> figures)
            throws InterruptedException {
        Map<String, IdempotentSubmitter.Submission> accepted = new LinkedHashMap<>();
        for (IdempotentSubmitter.Submission submission : submissions) {
            if (IdempotentSubmitter.ACCEPTED.equals(submission.outcome())) {
                accepted.put(submission.generationId(), submission);
            }
        }
        long settleStarted = System.nanoTime();
        Map<String, Generation> generations = settle(accepted.keySet(), settleTimeout);
        figures.put("settled after load (s)", String.valueOf((System.nanoTime() - settleStarted) / 1_000_000_000));

        List<Check> checks = new ArrayList<>();
        checks.add(terminal(accepted.keySet(), generations));
        checks.add(idempotency(submissions, accepted, generations));
        checks.add(reconciliation());
        checks.addAll(ledger(accepted.keySet(), generations));
        checks.add(webhooks(accepted.keySet(), generations));
        checks.add(providers(accepted.keySet(), figures));
        checks.addAll(outcomes(accepted, generations, figures));
        return checks;
    }

    private Map<String, Generation> settle(Set<String> accepted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime();
        Map<String, Generation> generations = Map.of();
        while (true) {
            try {
                generations = listAll();
            } catch (RuntimeException e) {
                System.out.println("  listing generations failed (retrying): " + e.getMessage());
            }
            long notTerminal = 0;
            long noWebhook = 0;
            for (String id : accepted) {
                Generation generation = generations.get(id);
                if (generation == null || !TERMINAL.contains(generation.status())) {
                    notTerminal++;
                } else if (receiver.terminal(id) == null) {
                    noWebhook++;
                }
            }
            if (notTerminal == 0 && noWebhook == 0) {
                return generations;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("  settle timeout: %d generations not terminal, %d without their terminal webhook%n", notTerminal, noWebhook);
                return generations;
            }
            if (System.nanoTime() >= nextReport) {
                System.out.printf("  waiting: %d generations not terminal, %d terminal without their webhook yet%n", notTerminal, noWebhook);
                nextReport = System.nanoTime() + 30_000_000_000L;
            }
            Thread.sleep(2_000);
        }
    }

    /** Every generation of the account, from the public list. */
    private Map<String, Generation> listAll() {
        Map<String, Generation> all = new HashMap<>();
        for (int offset = 0; ; offset += 100) {
            JsonNode page = get(apiUrl + "/v1/content/list?limit=100&offset=" + offset, apiKey);
            JsonNode records = page.path("data").path("generations");
            for (JsonNode record : records) {
                all.put(record.path("generation_id").asText(), new Generation(record.path("generation_id").asText(),
                        record.path("generation_status").asText(), record.path("generation_error_code").asText(null)));
            }
            if (records.size() < 100 || offset + 100 >= page.path("total").asLong()) {
                return all;
            }
        }
    }

    private static Check terminal(Set<String> accepted, Map<String, Generation> generations) {
        List<String> open = new ArrayList<>();
        for (String id : accepted) {
            Generation generation = generations.get(id);
            if (generation == null || !TERMINAL.contains(generation.status())) {
                open.add(id + " " + (generation == null ? "missing" : generation.status()));
            }
        }
        return new Check("every accepted generation terminal (public API)", open.isEmpty(),
                (accepted.size() - open.size()) + " of " + accepted.size() + " terminal" + sample(open));
    }

    private static Check idempotency(List<IdempotentSubmitter.Submission> submissions, Map<String, IdempotentSubmitter.Submission> accepted,
            Map<String, Generation> generations) {
        List<String> severalIds = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (IdempotentSubmitter.Submission submission : submissions) {
            if (submission.generationIds().size() > 1) {
                severalIds.add(submission.key() + " -> " + submission.generationIds());
            }
            if (IdempotentSubmitter.GAVE_UP.equals(submission.outcome())) {
                unanswered.add(submission.key() + " (" + submission.refusal() + ")");
            }
        }
        Set<String> orphans = generations.keySet().stream().filter(id -> !accepted.containsKey(id)).collect(Collectors.toSet());
        long refused = submissions.stream().filter(s -> IdempotentSubmitter.REFUSED.equals(s.outcome())).count();
        boolean passed = severalIds.isEmpty() && unanswered.isEmpty() && orphans.isEmpty() && refused == 0;
        return new Check("one generation per idempotency key, none created twice", passed,
                submissions.size() + " keys, " + accepted.size() + " generations; keys with several ids " + severalIds.size()
                        + ", generations no key was answered with " + orphans.size() + ", keys never answered " + unanswered.size()
                        + ", refused " + refused + sample(severalIds) + sample(unanswered) + sample(new ArrayList<>(orphans)));
    }

    private Check reconciliation() {
        JsonNode report = get(ledgerUrl + "/internal/reconciliation", internalToken);
        boolean ok = report.path("ok").asBoolean();
        return new Check("ledger reconciliation (zero sum and every invariant)", ok, ok
                ? "ok: " + report.path("transfers").asLong() + " transfers, " + report.path("pending_reservations").asLong()
                        + " pending reservations"
                : "violations: " + report.path("violations"));
    }

    private List<Check> ledger(Set<String> accepted, Map<String, Generation> generations) {
        Map<String, int[]> byGeneration = new HashMap<>();
        long grants = 0;
        long charges = 0;
        for (int offset = 0; ; offset += 500) {
            JsonNode page = get(apiUrl + "/v1/user/credits?limit=500&offset=" + offset, apiKey);
            JsonNode entries = page.path("data").path("entries");
            for (JsonNode entry : entries) {
                long micros = new BigDecimal(entry.path("amount").asText("0")).movePointRight(6).longValueExact();
                String type = entry.path("type").asText();
                if ("add".equals(type)) {
                    grants += micros;
                    continue;
                }
                int[] counts = byGeneration.computeIfAbsent(entry.path("generation_id").asText(), k -> new int[3]);
                switch (type) {
                    case "reserve" -> counts[0]++;
                    case "charge" -> {
                        counts[1]++;
                        charges += micros;
                    }
                    case "refund" -> counts[2]++;
                    default -> throw new IllegalStateException("unknown statement type " + type);
                }
            }
            if (entries.size() < 500 || offset + 500 >= page.path("total").asLong()) {
                break;
            }
        }
        List<String> wrong = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (String id : accepted) {
            int[] counts = byGeneration.getOrDefault(id, new int[3]);
            if (counts[0] != 1 || counts[1] + counts[2] != 1) {
                wrong.add(id + " reserve x" + counts[0] + " charge x" + counts[1] + " refund x" + counts[2]);
                continue;
            }
            Generation generation = generations.get(id);
            String status = generation == null ? "missing" : generation.status();
            boolean charged = counts[1] == 1;
            if (charged != "succeeded".equals(status)) {
                mismatched.add(id + " " + status + " but " + (charged ? "charged" : "refunded"));
            }
        }
        long foreign = byGeneration.keySet().stream().filter(id -> !accepted.contains(id)).count();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("one reserve and exactly one charge or refund per generation", wrong.isEmpty() && foreign == 0,
                (accepted.size() - wrong.size()) + " of " + accepted.size() + " right; entries of unknown generations " + foreign + sample(wrong)));
        checks.add(new Check("charged exactly the succeeded generations, refunded the others", mismatched.isEmpty(),
                mismatched.size() + " mismatches" + sample(mismatched)));
        // the api's balance is a projection of the ledger's events: give it a moment to catch up with the last ones
        long deadline = System.nanoTime() + 60_000_000_000L;
        long available;
        long held;
        long publicBalance;
        boolean balanced;
        do {
            JsonNode balance = get(ledgerUrl + "/internal/accounts/" + accountId + "/balance", internalToken);
            available = balance.path("available_micros").asLong();
            held = balance.path("held_micros").asLong();
            JsonNode billing = get(apiUrl + "/v1/user/billing", apiKey).path("data");
            publicBalance = new BigDecimal(billing.path("billing_credit_balance").asText("0")).movePointRight(6).longValue();
            balanced = available == grants - charges && held == 0 && publicBalance == available;
            if (!balanced) {
                pause(2_000);
            }
        } while (!balanced && System.nanoTime() < deadline);
        checks.add(new Check("balance = grants - charges, nothing held", balanced,
                String.format("grants %s - charges %s = %s; ledger available %s, held %s; public balance %s", credits(grants), credits(charges),
                        credits(grants - charges), credits(available), credits(held), credits(publicBalance))));
        return checks;
    }

    private Check webhooks(Set<String> accepted, Map<String, Generation> generations) {
        List<String> missing = new ArrayList<>();
        List<String> wrongEvent = new ArrayList<>();
        for (String id : accepted) {
            Generation generation = generations.get(id);
            WebhookReceiver.Terminal terminal = receiver.terminal(id);
            if (terminal == null) {
                missing.add(id);
            } else if (generation != null && !terminal.event().equals(WEBHOOK_OF_STATUS.get(generation.status()))) {
                wrongEvent.add(id + " " + generation.status() + " but " + terminal.event());
            }
        }
        long bad = receiver.badSignatures();
        long doubled = receiver.eventsUnderSeveralDeliveryIds();
        boolean passed = missing.isEmpty() && wrongEvent.isEmpty() && bad == 0 && doubled == 0;
        return new Check("terminal webhook per generation, signed, one delivery id per event", passed,
                (accepted.size() - missing.size()) + " of " + accepted.size() + " received; wrong event " + wrongEvent.size() + ", bad signatures "
                        + bad + ", events under several delivery ids " + doubled + " (" + receiver.deliveries() + " deliveries, "
                        + receiver.redeliveries() + " repeated with the same id)" + sample(missing) + sample(wrongEvent));
    }

    private Check providers(Set<String> accepted, Map<String, String> figures) {
        Map<String, List<String[]>> byGeneration = new HashMap<>();
        long predictions = 0;
        try {
            for (String line : Files.readAllLines(simulatorLedger)) {
                String[] parts = line.trim().split(" ");
                if (parts.length < 6) {
                    continue;
                }
                predictions++;
                byGeneration.computeIfAbsent(parts[2], k -> new ArrayList<>()).add(parts);
            }
        } catch (IOException e) {
            return new Check("no provider ran a generation twice", false, "cannot read " + simulatorLedger + ": " + e.getMessage());
        }
        List<String> twice = new ArrayList<>();
        long failedOver = 0;
        for (Map.Entry<String, List<String[]>> generation : byGeneration.entrySet()) {
            List<String> successes = generation.getValue().stream().filter(p -> "s".equals(p[5])).map(p -> p[1] + ":" + p[4]).toList();
            if (successes.size() > 1) {
                twice.add(generation.getKey() + " " + successes);
            }
            if (generation.getValue().stream().map(p -> p[1]).distinct().count() > 1) {
                failedOver++;
            }
        }
        long unknown = byGeneration.keySet().stream().filter(id -> !accepted.contains(id)).count();
        figures.put("provider predictions", predictions + " for " + byGeneration.size() + " generations; " + failedOver
                + " generations ran at more than one provider");
        return new Check("no provider ran a generation twice (at most one prediction that could succeed)", twice.isEmpty() && unknown == 0,
                twice.size() + " generations with several succeeding predictions, " + unknown + " predictions of unknown generations, "
                        + predictions + " predictions in all" + sample(twice));
    }

    private static List<Check> outcomes(Map<String, IdempotentSubmitter.Submission> accepted, Map<String, Generation> generations,
            Map<String, String> figures) {
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        Map<String, Long> failedByFaults = new TreeMap<>();
        long failedByPrompts = 0;
        long expired = 0;
        List<String> promptIgnored = new ArrayList<>();
        for (Map.Entry<String, IdempotentSubmitter.Submission> entry : accepted.entrySet()) {
            Generation generation = generations.get(entry.getKey());
            PromptKind kind = entry.getValue().kind();
            String status = generation == null ? "missing" : generation.status();
            String outcome = "failed".equals(status) ? "failed " + generation.errorCode() : status;
            byKind.computeIfAbsent(kind.label(), k -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
            if ("failed".equals(status) && "BSE5003".equals(generation.errorCode())) {
                expired++;
            }
            if ("failed".equals(status)) {
                if (kind.shouldSucceed()) {
                    failedByFaults.merge(generation.errorCode(), 1L, Long::sum);
                } else {
                    failedByPrompts++;
                }
            } else if ("succeeded".equals(status) && !kind.shouldSucceed()) {
                promptIgnored.add(entry.getKey() + " " + kind.label() + " succeeded");
            }
        }
        byKind.forEach((kind, counts) -> figures.put("outcomes of " + kind + " prompts", counts.toString()));
        figures.put("failed by their prompts", String.valueOf(failedByPrompts));
        figures.put("failed by the faults", failedByFaults.values().stream().mapToLong(Long::longValue).sum() + " " + failedByFaults);
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("no generation stranded until the ledger expired it (BSE5003)", expired == 0, expired + " expired"));
        checks.add(new Check("a prompt that must fail failed", promptIgnored.isEmpty(), promptIgnored.size() + " succeeded" + sample(promptIgnored)));
        return checks;
    }

    private JsonNode get(String url, String token) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                // the reconciliation answers 409 with its report when an invariant is violated
                if (response.statusCode() / 100 == 2 || response.statusCode() == 409 && url.endsWith("/internal/reconciliation")) {
                    return JSON.readTree(response.body());
                }
                last = new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
            } catch (IOException e) {
                last = new IllegalStateException("GET " + url + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(1_000L * attempt);
        }
        throw last;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String credits(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    private static String sample(List<String> items) {
        return items.isEmpty() ? "" : "; e.g. " + items.subList(0, Math.min(SAMPLE, items.size()));
    }
}
