package ai.babysea.api.openapi;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds every `@QuarkusTest` of this module to the OpenAPI document (registered through
 * `META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback`): before each test method it makes sure a
 * REST Assured filter is installed that checks each answer the test receives, and each request body the service accepted,
 * against the document the running service serves ({@link OpenApiContract}). A mismatch fails the test at that request.
 */
public class OpenApiConformance implements QuarkusTestBeforeEachCallback {
    /** Answers checked so far in this JVM. */
    static final AtomicLong CHECKED = new AtomicLong();
    private static final Map<String, OpenApiContract> CONTRACTS = new HashMap<>();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(Validating.class::isInstance)) {
            RestAssured.filters(new Validating());
        }
    }

    /** The contract of the application REST Assured currently talks to (fetched once per base URI and port). */
    static synchronized OpenApiContract contract() {
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        return CONTRACTS.computeIfAbsent(base, b -> {
            try {
                return OpenApiContract.fetch(URI.create(b));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the OpenAPI document of " + b, e);
            }
        });
    }

    /** The filter: passes the call on, then checks the answer (and the request, when it was accepted). */
    static final class Validating implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification spec, FilterContext context) {
            Response response = context.next(request, spec);
            String path = URI.create(request.getURI()).getRawPath();
            // CORS preflights are answered by the CORS filter for any route; they are not operations of the API
            if (!path.startsWith("/v1/") || "OPTIONS".equals(request.getMethod())) {
                return response;
            }
            Map<String, String> headers = new HashMap<>();
            for (Header header : response.getHeaders()) {
                headers.put(header.getName().toLowerCase(), header.getValue());
            }
            OpenApiContract contract = contract();
            List<String> problems = new ArrayList<>(contract.checkResponse(request.getMethod(), path, response.statusCode(), headers,
                    response.asString()));
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                problems.addAll(contract.checkAcceptedRequest(request.getMethod(), path, body(request.getBody())));
            }
            CHECKED.incrementAndGet();
            if (!problems.isEmpty()) {
                throw new AssertionError("The answer contradicts the OpenAPI document:\n  " + String.join("\n  ", problems));
            }
            return response;
        }

        private static String body(Object body) {
            if (body instanceof String text) {
                return text;
            }
            if (body instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            return null;
        }
    }
}
