package ai.babysea.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the console server as packaged (the web-bundler bundles web/app and web/charts at build time), with the test
 * profile's API https://api.us.console.test and a second allowed region https://api.eu.console.test. What the browser
 * receives: the page without inline script, the security headers, its configuration, compressed bundles.
 */
@QuarkusTest
class ConsoleServerTest {

    @Test
    void thePageLoadsOnlyItsOwnBundlesAndIsNeverCachedStale() {
        String html = given().get("/").then().statusCode(200)
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("connect-src 'self' https://api.us.console.test https://api.eu.console.test;"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .extract().asString();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).matches(".*type=\"module\" src=\"/static/bundle/app-[A-Z0-9]+\\.js\".*"), scripts.group(0));
        }
        assertTrue(count == 1, "exactly the app bundle: " + html);
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing from another origin: " + html);
    }

    @Test
    void theBrowserLearnsItsDefaultApiAndTheAllowedOrigins() {
        given().get("/config.json").then().statusCode(200).contentType("application/json")
                .body("api_base_url", equalTo("https://api.us.console.test"))
                .body("api_origins", equalTo(List.of("https://api.us.console.test", "https://api.eu.console.test")));
    }

    @Test
    void bundlesAreCompressedAndTheChartsBundleIsReachedByItsStableName() {
        String html = given().get("/").asString();
        Matcher app = Pattern.compile("/static/bundle/app-[A-Z0-9]+\\.js").matcher(html);
        assertTrue(app.find(), html);
        Response bundle = given().header("Accept-Encoding", "gzip").get(app.group());
        bundle.then().statusCode(200).header("Content-Encoding", "gzip").header("Content-Security-Policy", containsString("default-src 'none'"));
        // no source map is published
        given().get(app.group() + ".map").then().statusCode(404);
        given().redirects().follow(false).get("/static/bundle/charts.js").then().statusCode(302)
                .header("Location", matchesPattern("/static/bundle/charts-[A-Z0-9]+\\.js"));
    }
}
