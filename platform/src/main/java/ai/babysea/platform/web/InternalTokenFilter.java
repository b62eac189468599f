package ai.babysea.platform.web;

import ai.babysea.contracts.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Internal REST is for api-service only: every `/internal` call must carry the service token. */
@Provider
public class InternalTokenFilter implements ContainerRequestFilter {
    private final byte[] expected;

    InternalTokenFilter(@ConfigProperty(name = "babysea.internal.token") String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/internal")) {
            return;
        }
        String header = request.getHeaderString("Authorization");
        byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            request.abortWith(InternalErrors.of(ErrorCode.AUTHENTICATION_FAILED, "invalid service token", null));
        }
    }
}
