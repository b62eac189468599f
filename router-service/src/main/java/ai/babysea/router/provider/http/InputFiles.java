package ai.babysea.router.provider.http;

import ai.babysea.platform.net.AddressRanges;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.provider.ProviderException;
import ai.babysea.router.provider.ProviderFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads a generation's input files (`generation_input_file` URLs) for providers that take bytes, not
 * URLs (OpenAI edits, Gemini `inlineData`, Veo `bytesBase64Encoded`). Every fetch is bounded: http(s) only,
 * no userinfo, every address the host resolves to outside the refused ranges of {@link AddressRanges}
 * (loopback only when configured, for local runs and tests), redirects followed by hand and judged hop by
 * hop (at most {@value #MAX_REDIRECTS}), a byte limit enforced while streaming, one deadline for the whole
 * fetch. Only PNG, JPEG and WebP are accepted (recognised by their leading bytes). Every refusal is a
 * terminal {@link ProviderException} naming the file: the file is the caller's, another provider would get
 * the same one, so the chain does not fail over and the provider's health is not charged.
 */
public final class InputFiles {
    /** Most redirects followed for one input file. */
    public static final int MAX_REDIRECTS = 3;
    /** Bytes of a non-2xx body that are read (and discarded) before the connection is dropped. */
    private static final long MAX_DISCARDED_BYTES = 64 * 1024;

    /** One downloaded input file. */
    public record InputFile(String url, byte[] content, String mimeType) {
        /** The content as standard base64 (Gemini `inlineData.data`, Veo `bytesBase64Encoded`). */
        public String base64() {
            return Base64.getEncoder().encodeToString(content);
        }

        /** The file extension matching the media type (for multipart file names). */
        public String extension() {
            return switch (mimeType) {
                case "image/jpeg" -> "jpg";
                case "image/webp" -> "webp";
                default -> "png";
            };
        }
    }

    private final HttpClient client;
    private final ExecutorService resolver;
    private final Duration timeout;
    private final long maxBytes;
    private final boolean allowLoopback;

    /**
     * @param connectTimeout TCP connect bound per hop
     * @param timeout bound on the whole fetch of one file (DNS, redirects, headers and body)
     * @param maxBytes largest accepted file
     * @param allowLoopback whether loopback addresses may be fetched (local stack and tests only)
     */
    public InputFiles(Duration connectTimeout, Duration timeout, long maxBytes, boolean allowLoopback) {
        AtomicLong counter = new AtomicLong();
        // DNS lookups block; they run here, never on a caller's or the HTTP client's thread
        this.resolver = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "input-files-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .executor(resolver).build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.allowLoopback = allowLoopback;
    }

    /** Largest accepted input file, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Downloads every file in parallel, in order; fails with the first refusal. */
    public CompletableFuture<List<InputFile>> fetchAll(List<String> urls) {
        List<CompletableFuture<InputFile>> fetches = new ArrayList<>();
        for (String url : urls) {
            fetches.add(fetch(url));
        }
        return CompletableFuture.allOf(fetches.toArray(new CompletableFuture[0])).thenApply(ignored -> {
            List<InputFile> files = new ArrayList<>();
            fetches.forEach(fetch -> files.add(fetch.join()));
            return files;
        });
    }

    /** Downloads one file within the configured bounds. */
    public CompletableFuture<InputFile> fetch(String url) {
        return hop(url, url, 0).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(error -> {
            Throwable cause = unwrap(error);
            if (cause instanceof ProviderException refused) {
                throw refused;
            }
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, url, "was not downloaded within " + timeout.toSeconds() + " s");
            }
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, url, "could not be downloaded (" + cause.getClass().getSimpleName() + ")");
        });
    }

    private CompletableFuture<InputFile> hop(String original, String url, int redirects) {
        return CompletableFuture.supplyAsync(() -> judge(original, url), resolver).thenCompose(uri -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "image/png, image/jpeg, image/webp").GET().build();
            AtomicReference<LimitedBody> subscriber = new AtomicReference<>();
            return client.sendAsync(request, info -> {
                boolean ok = info.statusCode() / 100 == 2;
                long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
                LimitedBody body = new LimitedBody(info, ok ? maxBytes : MAX_DISCARDED_BYTES, ok, ok && declared > maxBytes, timeout);
                subscriber.set(body);
                return body;
            }).handle((response, error) -> {
                LimitedBody body = subscriber.get();
                // dropping the connection over the limit may fail the response itself: the subscriber knows why
                if (body != null && body.exceeded) {
                    return body;
                }
                if (error != null) {
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                }
                return body;
            }).thenCompose(body -> answer(original, uri, redirects, body));
        });
    }

    private CompletableFuture<InputFile> answer(String original, URI uri, int redirects, LimitedBody body) {
        int status = body.info.statusCode();
        if (status / 100 == 3) {
            Optional<String> location = body.info.headers().firstValue("location");
            if (location.isEmpty()) {
                throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "answered " + status + " without a Location");
            }
            if (redirects >= MAX_REDIRECTS) {
                throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "redirected more than " + MAX_REDIRECTS + " times");
            }
            return hop(original, uri.resolve(location.get()).toString(), redirects + 1);
        }
        if (status / 100 != 2) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "answered HTTP " + status);
        }
        if (body.exceeded) {
            throw refusal(ErrorCode.FILE_SIZE_EXCEEDED, original, "is larger than " + maxBytes + " bytes");
        }
        byte[] content = body.getBody().join();
        String mimeType = sniff(content);
        if (mimeType == null) {
            throw refusal(ErrorCode.UNSUPPORTED_FILE_FORMAT, original, "is not a PNG, JPEG or WebP image");
        }
        return CompletableFuture.completedFuture(new InputFile(original, content, mimeType));
    }

    /** Static URL rules and every resolved address; returns the URI to connect to. */
    URI judge(String original, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "must use http or https");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "must not contain credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "has no host");
        }
        String lowerHost = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        if (!allowLoopback && (lowerHost.equals("localhost") || lowerHost.endsWith(".localhost"))) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "points to localhost");
        }
        byte[] literal = AddressRanges.parseLiteral(host);
        InetAddress[] addresses;
        try {
            addresses = literal != null ? new InetAddress[] {InetAddress.getByAddress(literal)} : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original, "has a host that does not resolve");
        }
        // every answer is judged: a zone mixing a public and a private address must not win either way
        for (InetAddress address : addresses) {
            byte[] raw = literal != null ? literal : address.getAddress();
            Optional<AddressRanges.Range> refused = AddressRanges.refusedRange(raw);
            if (refused.isPresent() && !(allowLoopback && refused.get().category() == AddressRanges.Category.LOOPBACK)) {
                throw refusal(ErrorCode.FILE_DOWNLOAD_ERROR, original,
                        "resolves to a refused address range: " + refused.get().name() + " (" + refused.get().cidr() + ")");
            }
        }
        return uri;
    }

    /** PNG, JPEG or WebP by their signatures; null otherwise (the Content-Type header is not trusted). */
    public static String sniff(byte[] content) {
        if (content.length >= 8 && (content[0] & 0xFF) == 0x89 && content[1] == 'P' && content[2] == 'N' && content[3] == 'G'
                && content[4] == 0x0D && content[5] == 0x0A && content[6] == 0x1A && content[7] == 0x0A) {
            return "image/png";
        }
        if (content.length >= 3 && (content[0] & 0xFF) == 0xFF && (content[1] & 0xFF) == 0xD8 && (content[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (content.length >= 12 && content[0] == 'R' && content[1] == 'I' && content[2] == 'F' && content[3] == 'F'
                && content[8] == 'W' && content[9] == 'E' && content[10] == 'B' && content[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static ProviderException refusal(ErrorCode code, String url, String reason) {
        return new ProviderException(ProviderFailure.terminal(code, "input file " + withoutQuery(url) + " " + reason));
    }

    /** The URL without query and fragment: signed URLs carry credentials there, and messages reach the caller. */
    static String withoutQuery(String url) {
        int cut = url.length();
        for (char marker : new char[] {'?', '#'}) {
            int at = url.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String shown = url.substring(0, cut);
        return shown.length() <= 200 ? shown : shown.substring(0, 200) + "…";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Collects a body up to a limit. Over the limit the connection is dropped: a kept body (2xx) completes
     * with null (too large), a discarded one (error pages, redirects) with what was read.
     */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.ResponseInfo info;
        private final long limit;
        private final boolean keep;
        private final boolean declaredTooLarge;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        /** Set before the connection is dropped for exceeding the limit. */
        private volatile boolean exceeded;

        LimitedBody(HttpResponse.ResponseInfo info, long limit, boolean keep, boolean declaredTooLarge, Duration deadline) {
            this.info = info;
            this.limit = limit;
            this.keep = keep;
            this.declaredTooLarge = declaredTooLarge;
            // the request timeout ends at the response headers; a body that trickles in is cut off here
            result.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            result.whenComplete((body, error) -> {
                if (error != null) {
                    subscription.cancel();
                }
            });
            if (declaredTooLarge) {
                // Content-Length already says too much: do not read a byte (complete first: the client fails a cancelled body)
                exceeded = true;
                result.complete(null);
                subscription.cancel();
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + (long) item.remaining() > limit) {
                    exceeded = true;
                    result.complete(keep ? null : new byte[0]);
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable instanceof IOException ? throwable : new IOException(throwable));
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
