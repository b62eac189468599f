package ai.babysea.api.openapi;

import ai.babysea.api.error.ErrorDetails;
import ai.babysea.api.http.ApiError;
import ai.babysea.api.http.ErrorEnvelope;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's head: what the API is, its regional servers, its two bearer schemes and its tags (an `Application`
 * because that is where the generator reads it; it changes nothing else). The operations come from the resources;
 * {@link ApiDocumentFilter} completes them.
 */
@OpenAPIDefinition(
        info = @Info(title = "BabySea API", version = "1",
                description = "The public `/v1` API of BabySea, an execution control plane for generative media: submit image and "
                        + "video generations against one normalized schema, follow them to their outputs, estimate costs, read the "
                        + "catalog, usage and credits, manage API keys and webhook endpoints. Every success body is the envelope "
                        + "`{status: \"success\", request_id, message, timestamp, data}` (paginated routes add `total`, `limit` and "
                        + "`offset` beside `data`); every error body is `{status: \"error\", request_id, error: {code, type, message, "
                        + "retryable, details?}}` with a stable `BSE` code: clients key off `error.code` and `error.retryable`, never "
                        + "the message. `model_identifier` path segments contain a slash (`bfl/flux-schnell`) and are sent as they "
                        + "are. Each operation lists the scope it needs (`x-babysea-scope`) and the key presets that hold it "
                        + "(`x-babysea-presets`).",
                license = @License(name = "Apache-2.0", identifier = "Apache-2.0")),
        servers = {
                @Server(url = "https://api.us.babysea.ai", description = "United States (keys issued in `us`)"),
                @Server(url = "https://api.eu.babysea.ai", description = "European Union (keys issued in `eu`)"),
                @Server(url = "https://api.jp.babysea.ai", description = "Japan (keys issued in `jp`)")},
        tags = {
                @Tag(name = "Generations", description = "Submit, read, list, cancel and delete generations."),
                @Tag(name = "Library", description = "The model and provider catalog, and free cost estimates."),
                @Tag(name = "Account", description = "The calling key, the account, billing, usage, credits and the request log."),
                @Tag(name = "Health", description = "Provider, model, storage and cache health."),
                @Tag(name = "API keys", description = "Key management: reads with `account:read`, writes with a Full Access key."),
                @Tag(name = "Webhooks", description = "Webhook endpoints and their deliveries: reads with `account:read`, writes with "
                        + "a Full Access key."),
                @Tag(name = "Operator", description = "Bootstrap for the operator of a deployment, with the admin token: accounts and "
                        + "credit grants. Disabled unless the deployment sets one.")},
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = ApiDocumentFilter.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
                                bearerFormat = "bye_…_<region>",
                                description = "`Authorization: Bearer <api_key>`. Keys only work in the region that issued them."),
                        @SecurityScheme(securitySchemeName = ApiDocumentFilter.ADMIN_TOKEN, type = SecuritySchemeType.HTTP,
                                scheme = "bearer", description = "`Authorization: Bearer <admin token>` of the deployment's operator.")},
                schemas = {
                        @Schema(name = ApiDocumentFilter.ERROR_ENVELOPE, implementation = ErrorEnvelope.class),
                        @Schema(name = "ApiError", implementation = ApiError.class),
                        @Schema(name = "ErrorDetails", implementation = ErrorDetails.class)}))
public class ApiDocument extends Application {
}
