package ai.babysea.local;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Wiring: the whole local stack (four packaged services, Kafka, PostgreSQL, simulator, request bin and the packaged
 * console, on random ports) started once for every test below, and a real headless Chromium (the system's) driving
 * the console as a user would: sign in by pasting a key, then only the public /v1 API is used by the page. Each test
 * has its own account (seeded like the launcher's demo account) and its own browser profile. Every page visited is
 * saved as a screenshot under {@code target/console-screenshots/}.
 */
class ConsoleEndToEndTest {
    /** Long enough for a generation to finish on a loaded 2-core CI machine; every wait polls, none sleeps. */
    private static final double SLOW_MS = 120_000;
    private static final LocatorAssertions.HasAttributeOptions WAIT_ATTRIBUTE = new LocatorAssertions.HasAttributeOptions().setTimeout(SLOW_MS);
    private static final LocatorAssertions.IsVisibleOptions WAIT_VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(SLOW_MS);
    private static final HttpJson http = new HttpJson();

    private static LocalStack stack;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        Path root = Path.of(System.getProperty("babysea.repo.root", "../..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("babysea-console-e2e");
        // Assigned before start() so that @AfterAll stops whatever did start. A slow simulator (1 s) so that a running
        // generation can be seen and canceled; fsync off (these tests are about the console, not durability).
        stack = new LocalStack(new StackConfig(root, work, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 0.0, false,
                "console-internal-token", "console-admin-token"));
        stack.start();
        browser = new ConsoleBrowser(stack.url(LocalStack.CONSOLE) + "/");
    }

    @AfterAll
    static void stopStackAndBrowser() {
        try {
            if (browser != null) {
                // nothing the console does may be blocked by its own Content-Security-Policy, nor throw
                List<String> problems = browser.browserLog().stream()
                        .filter(line -> line.contains("Content Security Policy") || line.startsWith("pageerror"))
                        .toList();
                assertEquals(List.of(), problems, "CSP violations or page errors in the console");
                browser.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private static DemoSeeder.Demo account(String name) {
        return new DemoSeeder(stack).seedAccount(name, 10_000_000);
    }

    private static Locator generation(Page page) {
        return page.locator("[data-testid=generation]");
    }

    /** Fills the playground form for bfl/flux-schnell with an explicit provider stack (so failover is deterministic). */
    private static void fillPlayground(Page page, String prompt) {
        page.getByLabel("Model").selectOption(new SelectOption().setValue("bfl/flux-schnell"));
        page.getByLabel("Prompt").fill(prompt);
        page.getByLabel("Provider order").selectOption(new SelectOption().setValue("bfl, replicate, cloudflare"));
        page.getByLabel("Aspect ratio").selectOption(new SelectOption().setValue("16:9"));
    }

    /** Clicks Generate and returns the id of the new generation once the page shows it. */
    private static String submit(Page page) {
        String before = generation(page).count() == 0 ? null : generation(page).getAttribute("data-generation-id");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
        Locator fresh = before == null ? generation(page)
                : page.locator("[data-testid=generation]:not([data-generation-id='" + before + "'])");
        assertThat(fresh).hasAttribute("data-generation-id", Pattern.compile("^[0-9a-f-]{36}$"));
        return fresh.getAttribute("data-generation-id");
    }

    /** Clicks the page's Refresh button until the locator matches (pages show what the API said when they loaded). */
    private static void refreshUntilVisible(Page page, Locator locator) {
        await().atMost(Duration.ofMillis((long) SLOW_MS)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (locator.count() > 0) {
                return true;
            }
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click();
            return false;
        });
    }

    /** Submits a generation through the API (not the page) and waits until it is terminal. */
    private static String generateThroughApi(DemoSeeder.Demo demo, String prompt) {
        return generateThroughApi(demo, "bfl/flux-schnell", Map.of("generation_prompt", prompt, "generation_provider_order",
                "bfl, replicate, cloudflare"));
    }

    /** Submits an image generation of {@code model} through the API and waits until it is terminal. */
    private static String generateThroughApi(DemoSeeder.Demo demo, String model, Map<String, Object> body) {
        String api = stack.url("api-service");
        HttpJson.Reply reply = http.send("POST", api + "/v1/generate/image/" + model, demo.apiKey(), body);
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        String id = reply.body().path("data").path("generation_id").asText();
        await().atMost(Duration.ofMillis((long) SLOW_MS)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode record = http.send("GET", api + "/v1/content/" + id, demo.apiKey(), null).body().path("data");
            return List.of("succeeded", "failed", "canceled").contains(record.path("generation_status").asText());
        });
        return id;
    }

    private static String createKey(DemoSeeder.Demo demo, String name, String preset) {
        return http.send("POST", stack.url("api-service") + "/v1/keys", demo.apiKey(), Map.of("apikey_name", name, "apikey_preset", preset))
                .expectSuccess("create key").body().path("data").path("apikey_key").asText();
    }

    @Nested
    class Playground {

        @Test
        void aGenerationRunsToSucceededShowsItsImageAndItsReservationAndChargeOnTheCreditsPage() {
            DemoSeeder.Demo demo = account("console playground");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Playground");
            fillPlayground(page, "a baby seal on an ice floe");
            // the live estimate for one flux-schnell image
            assertThat(page.locator("[data-testid=estimate]")).containsText("0.005 credits");
            // the exact request, as curl, carries the Idempotency-Key that Generate will send
            String curl = page.locator("[data-testid=snippet]").textContent();
            assertTrue(curl.contains("/v1/generate/image/bfl/flux-schnell") && curl.contains("Idempotency-Key: console-")
                    && curl.contains("\"generation_ratio\":\"16:9\"") && !curl.contains(demo.apiKey()), curl);
            String id = submit(page);
            assertThat(generation(page)).hasAttribute("data-status", "succeeded", WAIT_ATTRIBUTE);
            assertThat(page.getByText("Done on bfl")).isVisible();
            Locator image = page.locator("[data-testid=outputs] img").first();
            assertThat(image).isVisible();
            // the browser really loaded the re-hosted output (img-src allows the router's origin)
            await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) image.evaluate("img => img.complete ? img.naturalWidth : 0"))
                    .intValue() > 0);
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download output 1"))).isVisible();
            ConsoleBrowser.screenshot(page, "playground");

            ConsoleBrowser.open(page, "Credits");
            Locator reserve = page.locator("[data-testid=statement] tr[data-type=reserve][data-generation='" + id + "']");
            Locator charge = page.locator("[data-testid=statement] tr[data-type=charge][data-generation='" + id + "']");
            // the ledger posts the charge when it sees the success, independently of the api's read model
            refreshUntilVisible(page, charge);
            assertThat(reserve).containsText("0.005");
            assertThat(charge).containsText("0.005");
            assertThat(page.locator("[data-testid=credit-balance]")).hasText("9.995");
            ConsoleBrowser.screenshot(page, "credits");
        }

        @Test
        void aFailingGenerationShowsItsBseCodeAndAFailoverShowsTheFailedAttempt() {
            DemoSeeder.Demo demo = account("console failures");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Playground");
            fillPlayground(page, "[simulate:fail] a storm");
            submit(page);
            assertThat(generation(page)).hasAttribute("data-status", "failed", WAIT_ATTRIBUTE);
            assertThat(page.locator("[data-testid=generation-error-code]")).hasText("BSE4003");
            ConsoleBrowser.screenshot(page, "playground-failed");

            fillPlayground(page, "[simulate:fail-first] a lighthouse");
            submit(page);
            assertThat(generation(page)).hasAttribute("data-status", "succeeded", WAIT_ATTRIBUTE);
            assertThat(page.locator("[data-testid=failover]")).containsText("Attempt 1 on bfl failed");
            assertThat(page.getByText("Done on replicate")).isVisible();
            ConsoleBrowser.screenshot(page, "playground-failover");
        }

        @Test
        void aVideoGenerationIsPricedPerSecondAndShownInAPlayer() {
            DemoSeeder.Demo demo = account("console video");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Playground");
            page.getByLabel("Model").selectOption(new SelectOption().setValue("bytedance/seedance-1-pro"));
            page.getByLabel("Prompt").fill("a seal diving under the ice");
            page.getByLabel("Duration (seconds)").selectOption("10");
            page.getByLabel("Resolution").selectOption("480p");
            // 0.030 credits per second of 480p video, 10 seconds
            assertThat(page.locator("[data-testid=estimate]")).containsText("0.300 credits");
            assertThat(page.locator("[data-testid=estimate]")).containsText("0.030/s × 10 s, 480p");
            submit(page);
            assertThat(generation(page)).hasAttribute("data-status", "succeeded", WAIT_ATTRIBUTE);
            Locator video = page.locator("[data-testid=outputs] video").first();
            assertThat(video).isVisible();
            assertThat(video).hasAttribute("src", Pattern.compile("\\.mp4$"));
            ConsoleBrowser.screenshot(page, "playground-video");
        }

        @Test
        void aRunningGenerationCanBeCanceled() {
            DemoSeeder.Demo demo = account("console cancel");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Playground");
            // the simulator holds a [simulate:slow] generation for a few seconds
            fillPlayground(page, "[simulate:slow] a glacier");
            submit(page);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel generation")).click();
            assertThat(generation(page)).hasAttribute("data-status", "canceled", WAIT_ATTRIBUTE);
        }

        @Test
        void aPromptWithMarkupIsShownAsTextAndNeverRuns() {
            DemoSeeder.Demo demo = account("console xss");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Playground");
            String prompt = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\"> a seal";
            fillPlayground(page, prompt);
            String id = submit(page);
            assertThat(page.locator("[data-testid=generation-prompt]")).hasText(prompt);
            assertThat(generation(page)).hasAttribute("data-status", "succeeded", WAIT_ATTRIBUTE);
            // the list and the record page render it as text too
            page.navigate(browser.consoleUrl() + "#/generations/" + id);
            assertThat(page.locator("[data-testid=record-fields]")).containsText(prompt);
            ConsoleBrowser.open(page, "Generations");
            assertThat(page.locator("[data-testid=generations-table]")).containsText(prompt);
            assertEquals(0, page.locator("[data-testid=generations-table] script, [data-testid=generations-table] img").count());
            assertEquals(Boolean.TRUE, page.evaluate("() => window.__xss === undefined"));
        }
    }

    @Nested
    class Dashboard {

        @Test
        void theOverviewChartsRenderWithDataAndTheLayoutFitsAPhone() {
            DemoSeeder.Demo demo = account("console overview");
            generateThroughApi(demo, "an overview seal");
            generateThroughApi(demo, "[simulate:fail] an overview storm");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Overview");
            Locator daily = page.locator("[data-testid=usage-chart]");
            assertThat(daily).hasAttribute("data-rendered", "true", WAIT_ATTRIBUTE);
            assertThat(page.locator("[data-testid=provider-chart]")).hasAttribute("data-rendered", "true", WAIT_ATTRIBUTE);
            // ECharts describes the drawn data in the canvas's aria-label: one generation failed, one succeeded
            assertThat(page.locator("[data-testid=provider-chart] .chart")).hasAttribute("aria-label", Pattern.compile("bfl.*1"));
            assertThat(page.locator("[data-testid=success-rate]")).hasText("50 %");
            assertThat(page.getByText("BSE4003")).isVisible();
            // the chart is drawn from usage_daily: 7 x 24 h touch 8 UTC dates; today's holds both generations, one failed
            page.getByText("The same as a table").click();
            Locator days = page.locator("[data-testid=usage-daily] tbody tr");
            assertThat(days).hasCount(8);
            assertThat(days.last().locator("td").first()).hasText(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
            assertEquals(List.of("2", "1", "1", "0"), days.last().locator("td").allTextContents().subList(1, 5).stream().map(String::trim).toList());
            ConsoleBrowser.screenshot(page, "overview");

            Page phone = browser.newPage(390, 844);
            phone.navigate(browser.consoleUrl());
            ConsoleBrowser.signIn(phone, demo.apiKey());
            assertThat(phone.locator("[data-testid=usage-chart]")).hasAttribute("data-rendered", "true", WAIT_ATTRIBUTE);
            assertEquals(Boolean.TRUE, phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"),
                    "no horizontal scrolling at phone width");
            ConsoleBrowser.screenshot(phone, "overview-phone");
            phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
            ConsoleBrowser.open(phone, "Playground");
            assertThat(phone.getByLabel("Prompt")).isVisible();
            assertEquals(Boolean.TRUE, phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"));
            ConsoleBrowser.screenshot(phone, "playground-phone");
        }

        @Test
        void generationsAreListedFilteredByStatusAndModelOnTheServerOpenedAndDeleted() {
            DemoSeeder.Demo demo = account("console generations");
            String ok = generateThroughApi(demo, "a listed seal");
            String failed = generateThroughApi(demo, "[simulate:fail] a listed storm");
            String pro = generateThroughApi(demo, "bfl/flux-1.1-pro", Map.of("generation_prompt", "a listed pro seal"));
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Generations");
            Locator table = page.locator("[data-testid=generations-table]");
            assertThat(table.locator("tbody tr")).hasCount(3);
            ConsoleBrowser.screenshot(page, "generations");

            // each filter is a query of the list API (status, model), not a filter of the page shown
            Response byStatus = page.waitForResponse(r -> r.url().contains("/v1/content/list") && r.url().contains("status=failed"),
                    () -> page.getByLabel("Status").selectOption("failed"));
            assertEquals(200, byStatus.status());
            assertThat(table.locator("tbody tr")).hasCount(1);
            assertThat(table).containsText("BSE4003");
            assertThat(page.locator("[data-testid=filter-summary]")).containsText("1 generation(s)");
            page.getByLabel("Status").selectOption("");
            Response byModel = page.waitForResponse(r -> r.url().contains("/v1/content/list") && r.url().contains("model=bfl%2Fflux-1.1-pro"),
                    () -> page.getByLabel("Model").selectOption("bfl/flux-1.1-pro"));
            assertEquals(200, byModel.status());
            assertThat(table.locator("tbody tr")).hasCount(1);
            assertThat(table).containsText("a listed pro seal");
            page.getByLabel("Model").selectOption("bfl/flux-schnell");
            assertThat(page.locator("[data-testid=filter-summary]")).containsText("2 generation(s)");
            assertThat(table.locator("tbody tr")).hasCount(2);
            page.getByLabel("Status").selectOption("succeeded");
            assertThat(table.locator("tbody tr")).hasCount(1);
            assertThat(table).containsText("a listed seal");
            ConsoleBrowser.screenshot(page, "generations-filtered");
            page.getByLabel("Model").selectOption("bfl/flux-1.1-pro");
            page.getByLabel("Status").selectOption("canceled");
            assertThat(page.getByText("No generation matches the filters.")).isVisible();
            page.getByLabel("Model").selectOption("");
            page.getByLabel("Status").selectOption("");
            assertThat(table.locator("tbody tr")).hasCount(3);

            page.navigate(browser.consoleUrl() + "#/generations/" + ok);
            Locator fields = page.locator("[data-testid=record-fields]");
            for (String field : List.of("generation_id", "generation_provider_used", "generation_output_file", "generation_metrics_total_time",
                    "generation_started_at", "generation_completed_at", "generation_provider_submissions")) {
                assertThat(fields).containsText(field);
            }
            assertThat(page.locator("[data-testid=record-status]")).hasText("succeeded");
            ConsoleBrowser.screenshot(page, "generation-detail");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete")).click();
            assertThat(page.locator("[data-testid=generations-table] tbody tr")).hasCount(2);
            assertEquals(404, http.send("GET", stack.url("api-service") + "/v1/content/" + ok, demo.apiKey(), null).status());
            assertEquals(200, http.send("GET", stack.url("api-service") + "/v1/content/" + failed, demo.apiKey(), null).status());
            assertEquals(200, http.send("GET", stack.url("api-service") + "/v1/content/" + pro, demo.apiKey(), null).status());
        }

        @Test
        void theRequestLogAndHealthPagesShowWhatTheApiReports() {
            DemoSeeder.Demo demo = account("console logs");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Request log");
            // the console's own calls are in the log: at least the sign-in's /v1/status
            assertThat(page.locator("[data-testid=logs-table]")).containsText("/v1/status");
            ConsoleBrowser.screenshot(page, "request-log");
            ConsoleBrowser.open(page, "Health");
            assertThat(page.locator("[data-testid=storage-health]")).hasText("healthy");
            assertThat(page.locator("[data-testid=providers-table]")).containsText("replicate");
            ConsoleBrowser.screenshot(page, "health");
        }
    }

    @Nested
    class Keys {

        @Test
        void aKeyIsCreatedShownOnceRotatedAndRevokedAndTheRevokedKeyIsRefused() {
            DemoSeeder.Demo demo = account("console keys");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "API keys");
            page.getByLabel("Name").fill("ci pipeline");
            page.getByLabel("Preset").selectOption("generate_only");
            page.getByLabel("Expires").fill("2099-01-01T00:00");
            page.getByLabel("IP allowlist").fill("127.0.0.1, ::1");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
            Locator raw = page.locator("[data-testid=raw-key]");
            assertThat(raw).hasText(Pattern.compile("^bye_[A-Za-z0-9_-]+$"));
            String created = raw.textContent();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy key"))).isVisible();
            Locator row = page.locator("[data-testid=keys-table] tr", new Page.LocatorOptions().setHasText("ci pipeline"));
            assertThat(row.locator("[data-testid=key-status]")).hasText("active");
            // the API keeps addresses in canonical form
            assertThat(row).containsText("127.0.0.1, 0:0:0:0:0:0:0:1");
            ConsoleBrowser.screenshot(page, "keys-created");
            // the secret is shown once: after hiding it, it is nowhere on the page
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Done, hide it")).click();
            assertFalse(page.content().contains(created));

            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rotate ci pipeline")).click();
            page.getByLabel("Grace period (hours)").fill("2");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rotate").setExact(true)).click();
            assertThat(raw).hasText(Pattern.compile("^bye_"));
            String rotated = raw.textContent();
            assertFalse(rotated.equals(created));
            Locator rows = page.locator("[data-testid=keys-table] tbody tr", new Page.LocatorOptions().setHasText("ci pipeline"));
            assertThat(rows).hasCount(2);
            assertThat(rows.locator("[data-testid=key-status]")).containsText(new String[] {"active", "rotated"});
            ConsoleBrowser.screenshot(page, "keys-rotated");

            Locator active = page.locator("[data-testid=keys-table] tbody tr", new Page.LocatorOptions().setHasText("ci pipeline"))
                    .filter(new Locator.FilterOptions().setHas(page.locator("[data-testid=key-status]", new Page.LocatorOptions().setHasText("active"))));
            active.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke ci pipeline")).click();
            assertThat(page.locator("[data-testid=keys-table] [data-testid=key-status]", new Page.LocatorOptions().setHasText("revoked")))
                    .hasCount(1);
            ConsoleBrowser.screenshot(page, "keys");

            // a refused call shows the contract's code and message: the revoked key cannot sign in
            Page other = browser.newPage();
            other.navigate(browser.consoleUrl());
            other.getByLabel("API key", new Page.GetByLabelOptions().setExact(true)).fill(rotated);
            other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            assertThat(other.locator("[data-testid=error-code]")).hasText("BSE1002");
            assertThat(other.locator("[data-testid=error-message]")).containsText("revoked");
            ConsoleBrowser.screenshot(other, "sign-in-refused");
        }

        @Test
        void aReadOnlyKeyCannotCreateAKeyAndSeesWhy() {
            DemoSeeder.Demo demo = account("console read only");
            String readOnly = createKey(demo, "reporting", "read_only");
            Page page = browser.signIn(readOnly);
            assertThat(page.locator("[data-testid=preset]")).hasText("Read Only");
            ConsoleBrowser.open(page, "API keys");
            assertThat(page.locator("[data-testid=keys-readonly]")).containsText("Full Access");
            assertThat(page.locator("[data-testid=keys-readonly]")).containsText("BSE1003");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key"))).isDisabled();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke reporting"))).isDisabled();
            ConsoleBrowser.screenshot(page, "keys-read-only");
            // and it cannot spend: Generate is disabled, with the scope it lacks
            ConsoleBrowser.open(page, "Playground");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate"))).isDisabled();
            assertThat(page.getByText("generation:write").first()).isVisible();

            // a Monitor Only key sees the pages it cannot use disabled, with the scope they need
            Page monitor = browser.signIn(createKey(demo, "uptime", "monitor_only"));
            assertThat(monitor.locator("[data-testid=preset]")).hasText("Monitor Only");
            Locator nav = monitor.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Console pages"));
            assertThat(nav.locator("[aria-disabled=true]", new Locator.LocatorOptions().setHasText("API keys"))).containsText("needs account:read");
            assertThat(nav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Health"))).isVisible();
            ConsoleBrowser.screenshot(monitor, "monitor-only");

            // a Generate Only key may generate and follow its generations, not read the account
            Page generator = browser.signIn(createKey(demo, "worker", "generate_only"));
            assertThat(generator.locator("[data-testid=preset]")).hasText("Generate Only");
            assertThat(generator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate"))).isEnabled();
            Locator generatorNav = generator.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Console pages"));
            assertThat(generatorNav.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Generations"))).isVisible();
            assertThat(generatorNav.locator("[aria-disabled=true]", new Locator.LocatorOptions().setHasText("Credits")))
                    .containsText("needs account:read");
        }
    }

    @Nested
    class Webhooks {

        @Test
        void anEndpointIsAddedSentATestAndItsDeliveryAndAttemptAreShown() {
            DemoSeeder.Demo demo = account("console webhooks");
            Page page = browser.signIn(demo.apiKey());
            ConsoleBrowser.open(page, "Webhooks");
            String url = stack.requestBin().url() + "/console";
            page.getByLabel("URL").fill(url);
            page.getByLabel("Description").fill("<b>not bold</b> receiver");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add endpoint")).click();
            assertThat(page.locator("[data-testid=webhook-secret]")).containsText("whsec_");
            Locator table = page.locator("[data-testid=endpoints-table]");
            assertThat(table).containsText("<b>not bold</b> receiver");
            table.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(url)).click();
            assertThat(page.locator("[data-testid=endpoint-state]")).hasText("enabled");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send test event")).click();
            assertThat(page.locator("[data-testid=webhook-message]")).containsText("Test event sent");
            Locator delivery = page.locator("[data-testid=deliveries-table] tbody tr[data-delivery-id]", new Page.LocatorOptions()
                    .setHasText("webhook.test"));
            refreshUntilVisible(page, delivery.locator("[data-testid=delivery-status]", new Locator.LocatorOptions().setHasText("succeeded")));
            delivery.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Attempts")).click();
            Locator attempt = page.locator("[data-testid=attempt]");
            assertThat(attempt).hasCount(1);
            assertThat(attempt).containsText(Pattern.compile("HTTP 2\\d\\d"));
            ConsoleBrowser.screenshot(page, "webhooks");
            assertTrue(stack.requestBin().received().stream().anyMatch(r -> r.body().contains("\"webhook.test\"")),
                    "the request bin received the test event");

            delivery.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Replay")).click();
            assertThat(page.locator("[data-testid=webhook-message]")).containsText("Replayed as delivery");

            // while disabled, the endpoint's events are queued; enabled again, the queue is delivered on request
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable")).click();
            assertThat(page.locator("[data-testid=endpoint-state]")).containsText("disabled");
            generateThroughApi(demo, "a queued seal");
            refreshUntilVisible(page, page.locator("[data-testid=queue-table] tbody tr", new Page.LocatorOptions().setHasText("generation.completed")));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enable")).click();
            assertThat(page.locator("[data-testid=endpoint-state]")).hasText("enabled");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deliver queued events")).click();
            assertThat(page.locator("[data-testid=webhook-message]")).containsText(Pattern.compile("[1-9]\\d* queued event\\(s\\) sent"));
            assertThat(page.locator("[data-testid=queue-table] tbody tr", new Page.LocatorOptions().setHasText("delivered"))).hasCount(2);
            ConsoleBrowser.screenshot(page, "webhooks-queue");
            ConsoleBrowser.open(page, "Webhooks");
            ConsoleBrowser.screenshot(page, "webhooks-list");
        }
    }

    @Nested
    class Operator {

        @Test
        void theOperatorListsTheAccountsCreatesOneWithAKeyAndGrantsItCredits() {
            DemoSeeder.Demo existing = account("console listed account");
            Page page = browser.newPage();
            page.navigate(browser.consoleUrl());
            ConsoleBrowser.screenshot(page, "sign-in");
            page.getByLabel("the operator's admin token").check();
            page.getByLabel("Admin token", new Page.GetByLabelOptions().setExact(true)).fill(stack.config().adminToken());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            // the accounts that exist are listed from GET /v1/admin/accounts, newest first, with plan and balance
            Locator accounts = page.locator("[data-testid=accounts-table]");
            assertThat(accounts.locator("tbody tr").first()).containsText(existing.accountId());
            assertThat(accounts.locator("tbody tr").first()).containsText("Scale");
            assertThat(accounts.locator("tbody tr").first()).containsText("10.000");
            assertThat(page.locator("[data-testid=accounts-range]")).containsText(Pattern.compile("^1–\\d+ of \\d+$"));
            page.getByLabel("Account name").fill("Console Corp");
            page.getByLabel("Plan").selectOption("Pro");
            page.getByLabel("First key's preset").selectOption("full_access");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
            Locator key = page.locator("[data-testid=account-key]");
            assertThat(key).hasText(Pattern.compile("^bye_"));
            String apiKey = key.textContent();
            page.locator("#grant-credits").fill("5");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Grant")).click();
            // the grant goes through the ledger synchronously: on a loaded machine that can take longer than the default wait
            assertThat(page.locator("[data-testid=operator-message]")).containsText("balance 5.000",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(SLOW_MS));
            assertThat(accounts.locator("tbody tr").first()).containsText("Console Corp");
            assertThat(accounts.locator("tbody tr").first()).containsText("5.000");
            ConsoleBrowser.screenshot(page, "operator");

            // the new account's key works in the console and sees the granted balance
            Page customer = browser.signIn(apiKey);
            ConsoleBrowser.open(customer, "Credits");
            assertThat(customer.locator("[data-testid=credit-balance]")).hasText("5.000");
        }
    }

    @Nested
    class Reference {

        @Test
        void theApiReferenceListsEveryOperationFromTheApisDocumentAndOpensOneByKeyboard() {
            DemoSeeder.Demo demo = account("console reference");
            Page page = browser.signIn(demo.apiKey());
            Response document = page.waitForResponse(r -> r.url().endsWith("/openapi.json"), () -> ConsoleBrowser.open(page, "API reference"));
            assertEquals(200, document.status());
            JsonNode served = http.send("GET", stack.url("api-service") + "/openapi.json", null, null).body();
            int documented = 0;
            for (JsonNode path : (Iterable<JsonNode>) served.path("paths")::elements) {
                for (String method : List.of("get", "post", "put", "patch", "delete")) {
                    documented += path.has(method) ? 1 : 0;
                }
            }
            Locator operations = page.locator("[data-testid=operation]");
            assertThat(operations).hasCount(documented);
            Locator submit = page.locator("[data-testid=operation][data-operation='post /v1/generate/image/{model_identifier}']");
            assertThat(submit.locator("summary")).containsText("/v1/generate/image/{model_identifier}");
            assertThat(submit.locator("summary")).containsText("Submit an image generation");
            ConsoleBrowser.screenshot(page, "reference");

            page.getByLabel("Filter operations").fill("post generate image");
            assertThat(operations).hasCount(1);
            // keyboard only: Tab from the filter to the operation's summary, Enter opens it
            page.keyboard().press("Tab");
            page.keyboard().press("Enter");
            assertThat(submit.locator("[data-testid=operation-auth]")).containsText("generation:write");
            assertThat(submit.locator("[data-testid=operation-auth]")).containsText("generate_only");
            assertThat(submit.locator("[data-testid=parameters]")).containsText("model_identifier");
            assertThat(submit.locator("[data-testid=parameters]")).containsText("Idempotency-Key");
            assertThat(submit.locator("[data-testid=request-schema]")).containsText("generation_prompt");
            assertThat(submit.locator("[data-testid=response][data-status='404'] [data-testid=error-codes]")).containsText("BSE2011");
            assertThat(submit.locator("[data-testid=response][data-status='200']")).containsText("Idempotency-Replayed");
            ConsoleBrowser.screenshot(page, "reference-operation");

            page.getByLabel("Filter operations").fill("get /v1/content/list");
            Locator list = page.locator("[data-testid=operation][data-operation='get /v1/content/list']");
            list.locator("summary").click();
            assertThat(list.locator("[data-testid=parameters]")).containsText("status");
            assertThat(list.locator("[data-testid=parameters]")).containsText("model");
            assertThat(list.locator("[data-testid=response][data-status='422'] [data-testid=error-codes]")).containsText("BSE2008");
        }
    }

    @Nested
    class Session {

        @Test
        void theKeyStaysOutOfUrlsAndLocalStorageAndSignOutForgetsIt() {
            DemoSeeder.Demo demo = account("console session");
            Page page = browser.newPage();
            List<String> urls = new ArrayList<>();
            page.onRequest(request -> urls.add(request.url()));
            page.navigate(browser.consoleUrl());
            assertThat(page).hasTitle("Sign in · BabySea console");
            // keyboard only: Tab to the key field, type, Enter
            for (int i = 0; i < 10 && !"token".equals(page.evaluate(DEEP_ACTIVE_ID)); i++) {
                page.keyboard().press("Tab");
            }
            assertEquals("token", page.evaluate(DEEP_ACTIVE_ID), "the key field is reachable with Tab");
            page.keyboard().type(demo.apiKey());
            page.keyboard().press("Enter");
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Console pages")).waitFor();
            assertThat(page.locator("[data-testid=balance]")).isVisible();
            assertThat(page).hasTitle("Overview · BabySea console");
            assertTrue(urls.stream().noneMatch(u -> u.contains(demo.apiKey())), "no URL carries the key");
            assertFalse(page.url().contains(demo.apiKey()));
            assertEquals(0, ((Number) page.evaluate("() => localStorage.length")).intValue());
            assertTrue(((String) page.evaluate("() => JSON.stringify(sessionStorage)")).contains(demo.apiKey()),
                    "kept for this tab only, in session storage");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true))).isVisible();
            assertEquals(0, ((Number) page.evaluate("() => sessionStorage.length")).intValue());
            page.reload();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
        }

        @Test
        void theConsoleIsServedWithAStrictPolicyAndASmallCompressedFirstLoad() throws Exception {
            Page page = browser.newPage();
            List<Response> responses = new ArrayList<>();
            page.onResponse(responses::add);
            Response document = page.navigate(browser.consoleUrl());
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
            page.waitForLoadState();
            String csp = document.headerValue("content-security-policy");
            assertNotNull(csp);
            assertTrue(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval")
                    && csp.contains("connect-src 'self' " + stack.url("api-service")) && csp.contains("frame-ancestors 'none'"), csp);
            long bytes = 0;
            StringBuilder report = new StringBuilder("First load of the console (sign-in page) over loopback, bytes on the wire:\n");
            for (Response response : responses) {
                long transferred = response.request().sizes().responseBodySize + response.request().sizes().responseHeadersSize;
                bytes += transferred;
                report.append(String.format("%8d  %s %s%n", transferred, response.status(), response.url()));
                if (response.url().contains("/static/bundle/") && response.status() == 200) {
                    assertEquals("gzip", response.headerValue("content-encoding"), response.url());
                }
            }
            report.append(String.format("%8d  total (%d responses)%n", bytes, responses.size()));
            // a regression guard, not a benchmark: the sign-in page needs the app bundle only (charts load later)
            assertTrue(bytes < 100_000, report.toString());
            long signInBytes = bytes;

            // then the overview, the heaviest page (ECharts is loaded for its charts)
            responses.clear();
            ConsoleBrowser.signIn(page, account("console first load").apiKey());
            assertThat(page.locator("[data-testid=usage-chart]")).hasAttribute("data-rendered", "true", WAIT_ATTRIBUTE);
            long overviewBytes = 0;
            for (Response response : List.copyOf(responses)) {
                overviewBytes += response.request().sizes().responseBodySize + response.request().sizes().responseHeadersSize;
            }
            report.append(String.format("%nSigning in and opening the overview added %d bytes in %d responses (API calls and the charts bundle); "
                    + "%d bytes in all.%n", overviewBytes, responses.size(), signInBytes + overviewBytes));
            Files.writeString(ConsoleBrowser.SCREENSHOTS.resolve("first-load.txt"), report.toString());
            System.out.print(report);
        }
    }

    /** The id of the focused element, looking through open shadow roots. */
    private static final String DEEP_ACTIVE_ID = "() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement)"
            + " { e = e.shadowRoot.activeElement; } return e ? e.id : null; }";
}
