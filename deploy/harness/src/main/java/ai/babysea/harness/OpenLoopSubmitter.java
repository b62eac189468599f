package ai.babysea.harness;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop submits of {@code POST /v1/generate/image/{model}} at a fixed rate: a scheduler releases one send time per
 * interval whatever the answers do, and each call is measured from its <em>scheduled</em> time, so a stalled server
 * shows as latency instead of a lower rate (no coordinated omission). Calls go over persistent HTTP/1.1 connections
 * with blocking socket I/O, one thread each: a few tens of microseconds of client CPU per call, since the client shares
 * the machine with the stack.
 */
public final class OpenLoopSubmitter {
    /** What a run produced: accepted generation ids with their scheduled send time, statuses, latency. */
    public record Result(Map<String, Long> scheduledNanosById, Map<Integer, Long> statuses, long errors, Histogram latencyMicros,
            long firstScheduledNanos, long lastScheduledNanos) {
    }

    private final URI base;
    private final String apiKey;
    private final int connections;

    public OpenLoopSubmitter(String baseUrl, String apiKey, int connections) {
        this.base = URI.create(baseUrl);
        this.apiKey = apiKey;
        this.connections = connections;
    }

    /**
     * Sends {@code count} submits at {@code ratePerSecond}; {@code body} gives the JSON body of the i-th submit (e.g. a
     * prompt marker for some of them). Returns once every call was answered or failed.
     */
    public Result run(String model, int ratePerSecond, int count, LongFunction<String> body) throws InterruptedException {
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(count);
        BlockingQueue<long[]> sends = new LinkedBlockingQueue<>();
        String path = "/v1/generate/image/" + model;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                Connection connection = null;
                while (true) {
                    long[] send;
                    try {
                        send = sends.take();
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (send[0] < 0) {
                        break;
                    }
                    try {
                        if (connection == null) {
                            connection = new Connection(base.getHost(), base.getPort());
                        }
                        Connection.Answer answer = connection.exchange(request(path, body.apply(send[1])));
                        statuses.merge(answer.status(), 1L, Long::sum);
                        if (answer.status() == 200) {
                            String id = field(answer.body(), "generation_id");
                            if (id != null) {
                                accepted.put(id, send[0]);
                            }
                        }
                        if (answer.closed()) {
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
                    recorder.recordValue(Math.max(1, (System.nanoTime() - send[0]) / 1_000));
                    done.countDown();
                }
                if (connection != null) {
                    connection.close();
                }
            }, "submit-connection-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime() + 20_000_000L;
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sends.add(new long[] {scheduled, i});
        }
        done.await(120, TimeUnit.SECONDS);
        for (int c = 0; c < connections; c++) {
            sends.add(new long[] {-1, -1});
        }
        return new Result(accepted, new TreeMap<>(statuses), errors.get(), recorder.getIntervalHistogram(), start,
                start + (count - 1) * intervalNanos);
    }

    private byte[] request(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: Bearer " + apiKey
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** The string value of a top-level or nested JSON field, found by name without parsing the document. */
    static String field(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int at = json.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int from = at + marker.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    /** A persistent HTTP/1.1 connection: writes a prepared request, reads the status line, headers and body. */
    static final class Connection implements AutoCloseable {
        record Answer(int status, String body, boolean closed) {
        }

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
        }

        Answer exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("bad status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closed = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    closed = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(512);
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes((int) size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                body.write(in.readNBytes((int) length));
            } else {
                closed = true;
                body.write(in.readAllBytes());
            }
            return new Answer(status, body.toString(StandardCharsets.UTF_8), closed);
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

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
