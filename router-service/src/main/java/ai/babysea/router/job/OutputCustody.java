package ai.babysea.router.job;

import ai.babysea.router.provider.ProviderOutput;
import ai.babysea.router.provider.http.ProviderHttp;
import ai.babysea.router.storage.OutputStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Takes a finished prediction's outputs into our custody: downloads what the provider only links to (provider URLs
 * expire: BFL ~10 min, Replicate ~1 h), then stores every file in the output store and returns our URLs, in order.
 * A failed download is the provider's failure; a failed store is ours ({@link StoreFailedException}) and is retried
 * by the engine, never failed over.
 */
@ApplicationScoped
public class OutputCustody {
    private final ProviderHttp http;
    private final OutputStore store;

    OutputCustody(ProviderHttp http, OutputStore store) {
        this.http = http;
        this.store = store;
    }

    /** Downloads the linked outputs (non-blocking). */
    CompletableFuture<List<ProviderOutput>> download(List<ProviderOutput> outputs) {
        List<CompletableFuture<ProviderOutput>> downloads = new ArrayList<>(outputs.size());
        for (ProviderOutput output : outputs) {
            downloads.add(output.inline() ? CompletableFuture.completedFuture(output) : download(output));
        }
        return CompletableFuture.allOf(downloads.toArray(new CompletableFuture[0]))
                .thenApply(ignored -> downloads.stream().map(CompletableFuture::join).toList());
    }

    /** Stores downloaded outputs under the generation, on {@code executor} (the store's calls block); our URLs in order. */
    CompletableFuture<List<String>> store(String generationId, List<ProviderOutput> outputs, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> urls = new ArrayList<>(outputs.size());
            int index = 0;
            for (ProviderOutput output : outputs) {
                try {
                    urls.add(store.put(generationId, index++, output.extension(), output.contentType(), output.content()));
                } catch (RuntimeException e) {
                    throw new StoreFailedException(e);
                }
            }
            return urls;
        }, executor);
    }

    private CompletableFuture<ProviderOutput> download(ProviderOutput output) {
        return http.download(output.url(), output.headers()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + output.url() + " answered " + response.statusCode());
            }
            String contentType = output.contentType() != null ? output.contentType()
                    : response.headers().firstValue("content-type").map(t -> t.split(";")[0].trim()).orElse(typeOf(output.extension()));
            String extension = output.extension() != null ? output.extension() : extensionOf(contentType);
            return ProviderOutput.inline(response.body(), contentType, extension);
        });
    }

    /** The MIME type of a file extension the providers use. */
    static String typeOf(String extension) {
        if (extension == null) {
            return "application/octet-stream";
        }
        return switch (extension) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "webp" -> "image/webp";
            case "mp4" -> "video/mp4";
            default -> "application/octet-stream";
        };
    }

    /** The file extension of a MIME type the providers send. */
    static String extensionOf(String contentType) {
        return switch (contentType) {
            case "image/png" -> "png";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "video/mp4" -> "mp4";
            default -> "bin";
        };
    }

    /** Our output store refused a file: not the provider's fault. */
    static final class StoreFailedException extends RuntimeException {
        StoreFailedException(Throwable cause) {
            super("output store failed: " + cause, cause, false, false);
        }
    }
}
