package ai.babysea.api.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
 * `--connections` (default 32) persistent connections carry the submits. `--timeline-ms 15` also prints, per second of
 * each step, how many calls took longer than 15 ms and the slowest (are slow calls spread out or bunched in stalls?).
 * Several `--rates` (comma separated) run one after another and the highest rate whose p99 stays
 * within `--p99-budget-ms` is reported.
 */
public final class SubmitLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SubmitLoad() {
    }

    /** One measured step. */
    record Step(int rate, long sent, long completed, Map<Integer, Long> statuses, long errors, double seconds, Histogram histogram,
            double generatorCpuSeconds) {
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
        int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
        // > 0: each step also prints one line per second (calls scheduled in it, how many took over that many ms, the slowest)
        double timelineMs = Double.parseDouble(options.getOrDefault("timeline-ms", "0"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String key = options.containsKey("api-key") ? options.get("api-key") : createAccount(http, url, options.get("admin-token"));
        String body = "{\"generation_prompt\":\"load test: a lighthouse at dusk\"}";

        System.out.printf("target %s/v1/generate/image/%s, %d s per step after %d s warm-up%n", url, model, duration, warmup);
        if (warmup > 0) {
            run(url, model, key, body, rates.get(0), warmup, connections, timelineMs);
        }
        List<Step> steps = new ArrayList<>();
        for (int rate : rates) {
            Step step = run(url, model, key, body, rate, duration, connections, timelineMs);
            steps.add(step);
            System.out.printf("rate %5d/s  sent %7d  done %7d  throughput %8.1f/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  max %8.2f ms  "
                            + "statuses %s  errors %d  generator CPU %.0f%% of a core%n", rate, step.sent(), step.completed(),
                    step.completed() / step.seconds(), step.p(50), step.p(99), step.p(99.9), step.histogram().getMaxValue() / 1000.0,
                    step.statuses(), step.errors(), 100 * step.generatorCpuSeconds() / step.seconds());
        }
        steps.stream().filter(s -> s.p(99) <= budget && s.errors() == 0 && s.statuses().keySet().stream().allMatch(c -> c == 200))
                .mapToInt(Step::rate).max()
                .ifPresentOrElse(best -> System.out.printf("highest rate with p99 <= %.0f ms and only 200s: %d/s%n", budget, best),
                        () -> System.out.printf("no step held p99 <= %.0f ms%n", budget));
        System.exit(0);
    }

    /**
     * One step at a fixed rate. The submits go over {@code connections} persistent HTTP/1.1 connections, each
     * driven by one thread with blocking socket I/O (a few tens of microseconds of CPU per call: the generator
     * shares the 2-core machine with the stack, and the JDK HttpClient it used before took more CPU than the API
     * itself). A scheduler thread releases one send time per interval into a queue; a connection takes the next
     * one when it is free, so a slow server makes the queue, and the measured latency, grow (open loop).
     */
    private static Step run(String url, String model, String key, String body, int rate, int seconds, int connections,
            double timelineMs) throws InterruptedException {
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        long total = (long) rate * seconds;
        CountDownLatch done = new CountDownLatch((int) total);
        URI uri = URI.create(url + "/v1/generate/image/" + model);
        byte[] request = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        BlockingQueue<Long> sendTimes = new LinkedBlockingQueue<>();
        long intervalNanos = 1_000_000_000L / rate;
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime() + 50_000_000L;
        AtomicLongArray perSecondSlow = new AtomicLongArray(seconds + 1);
        AtomicLongArray perSecondMaxMicros = new AtomicLongArray(seconds + 1);
        long slowMicros = (long) (timelineMs * 1000);
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread worker = new Thread(() -> {
                RawConnection connection = null;
                while (true) {
                    long scheduled;
                    try {
                        scheduled = sendTimes.take();
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (scheduled < 0) {
                        break;
                    }
                    try {
                        if (connection == null) {
                            connection = new RawConnection(uri.getHost(), uri.getPort());
                        }
                        int status = connection.exchange(request);
                        statuses.merge(status, 1L, Long::sum);
                        completed.incrementAndGet();
                        if (connection.closed) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                    long micros = Math.max(1, (System.nanoTime() - scheduled) / 1_000);
                    recorder.recordValue(micros);
                    if (slowMicros > 0) {
                        int second = (int) Math.min(seconds, Math.max(0, (scheduled - start) / 1_000_000_000L));
                        if (micros > slowMicros) {
                            perSecondSlow.incrementAndGet(second);
                        }
                        perSecondMaxMicros.accumulateAndGet(second, micros, Math::max);
                    }
                    done.countDown();
                }
                if (connection != null) {
                    connection.close();
                }
            }, "load-connection-" + c);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (long i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sendTimes.add(scheduled);
        }
        done.await(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (int c = 0; c < connections; c++) {
            sendTimes.add(-1L);
        }
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        if (slowMicros > 0) {
            for (int second = 0; second < seconds; second++) {
                System.out.printf("  second %3d: %5d calls, %4d over %.0f ms, slowest %8.2f ms%n", second, rate, perSecondSlow.get(second),
                        timelineMs, perSecondMaxMicros.get(second) / 1000.0);
            }
        }
        return new Step(rate, total, completed.get(), new java.util.TreeMap<>(statuses), errors.get(), elapsed,
                recorder.getIntervalHistogram(), cpuSeconds);
    }

    /** CPU time used by this process so far (the generator's own cost, printed with every step). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** A persistent HTTP/1.1 connection: writes a prepared request, reads the status and skips the body. */
    static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean closed;

        RawConnection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("bad status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    closed = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                closed = true; // body until close: read it all
                while (in.read() >= 0) {
                    // discard
                }
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private void skip(long bytes) throws IOException {
            while (bytes > 0) {
                long skipped = in.skip(bytes);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in the body");
                    }
                    skipped = 1;
                }
                bytes -= skipped;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
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
