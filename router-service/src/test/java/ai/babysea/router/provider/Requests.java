package ai.babysea.router.provider;

import ai.babysea.contracts.events.GenerationParameters;
import java.util.List;
import java.util.Map;

/** Normalized requests for adapter tests. */
public final class Requests {
    private Requests() {
    }

    public static ProviderRequest image(String provider, String nativeModel, String ratio, String format, int outputs) {
        return new ProviderRequest("gen-1", "bfl/flux-schnell", "image", provider, nativeModel,
                new GenerationParameters("a baby seal on ice", ratio, format, outputs, List.of(), null, null, null,
                        Map.of("generation_seed", 42)), 1, 0);
    }

    public static ProviderRequest video(String provider, String nativeModel, String ratio, int seconds) {
        return new ProviderRequest("gen-2", "google/veo-3", "video", provider, nativeModel,
                new GenerationParameters("a baby seal surfing", ratio, "mp4", 1, List.of(), seconds, "720p", false, Map.of()), 1, 0);
    }

    /** The same request with input files. */
    public static ProviderRequest withInputs(ProviderRequest request, String... urls) {
        var p = request.parameters();
        return new ProviderRequest(request.generationId(), request.modelIdentifier(), request.mediaType(), request.providerId(),
                request.nativeModelId(), new GenerationParameters(p.prompt(), p.ratio(), p.outputFormat(), p.outputNumber(), List.of(urls),
                        p.durationSeconds(), p.resolution(), p.generateAudio(), p.extras()), request.attempt(), request.chainPosition());
    }
}
