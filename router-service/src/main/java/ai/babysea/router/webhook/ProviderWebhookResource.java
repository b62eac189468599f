package ai.babysea.router.webhook;

import ai.babysea.contracts.ErrorCode;
import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.job.JobEngine;
import ai.babysea.router.job.JobService;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Provider completion callbacks. A verified callback only wakes the job's poll: the state is always read
 * back from the provider's API, so a replayed, duplicated or late callback cannot change a terminal job
 * or inject outputs. Unsigned or mis-signed callbacks are refused with 401.
 */
@Path("/provider-webhooks")
public class ProviderWebhookResource {
    private static final Logger LOG = Logger.getLogger(ProviderWebhookResource.class);
    private static final long TOLERANCE_SECONDS = 300;

    private final JobService jobs;
    private final JobEngine runner;
    private final StandardWebhookVerifier replicate;
    private final FalWebhookVerifier fal;

    ProviderWebhookResource(JobService jobs, JobEngine runner, RouterConfig config, FalWebhookVerifier fal) {
        this.jobs = jobs;
        this.runner = runner;
        RouterConfig.Provider settings = config.providers().get("replicate");
        this.replicate = settings == null ? null
                : settings.webhookSecret().filter(s -> !s.isBlank()).map(s -> new StandardWebhookVerifier(s, TOLERANCE_SECONDS)).orElse(null);
        this.fal = fal;
    }

    @POST
    @Path("/replicate")
    @Consumes(MediaType.WILDCARD)
    public Response replicate(@HeaderParam("webhook-id") String id, @HeaderParam("webhook-timestamp") String timestamp,
            @HeaderParam("webhook-signature") String signature, byte[] body) {
        if (replicate == null || !replicate.verify(id, timestamp, signature, body, System.currentTimeMillis() / 1000)) {
            return refused("replicate");
        }
        JsonNode prediction = ProviderHttp.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        return nudge("replicate", prediction.path("id").asText(null));
    }

    @POST
    @Path("/fal")
    @Consumes(MediaType.WILDCARD)
    public Response fal(@HeaderParam("X-Fal-Webhook-Request-Id") String requestId, @HeaderParam("X-Fal-Webhook-User-Id") String userId,
            @HeaderParam("X-Fal-Webhook-Timestamp") String timestamp, @HeaderParam("X-Fal-Webhook-Signature") String signature,
            byte[] body) {
        if (!fal.verify(requestId, userId, timestamp, signature, body, System.currentTimeMillis() / 1000)) {
            return refused("fal");
        }
        JsonNode callback = ProviderHttp.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        return nudge("fal", callback.path("request_id").asText(requestId));
    }

    private Response nudge(String provider, String predictionId) {
        if (predictionId == null) {
            return Response.status(400).build();
        }
        boolean known = jobs.generationOf(provider, predictionId).map(runner::pollNow).isPresent();
        LOG.debugf("%s webhook for %s (%s)", provider, predictionId, known ? "known" : "unknown or finished");
        // 200 either way: the provider must not retry a callback we deliberately ignore
        return Response.ok(Map.of("received", true)).type(MediaType.APPLICATION_JSON).build();
    }

    private static Response refused(String provider) {
        LOG.warnf("refused %s webhook with a missing or invalid signature", provider);
        return Response.status(401).type(MediaType.APPLICATION_JSON).entity(Map.of("status", "error", "error",
                Map.of("code", ErrorCode.AUTHENTICATION_FAILED.code(), "type", ErrorCode.AUTHENTICATION_FAILED.type(),
                        "message", "invalid webhook signature", "retryable", false))).build();
    }
}
