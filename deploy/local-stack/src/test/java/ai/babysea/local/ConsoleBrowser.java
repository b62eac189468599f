package ai.babysea.local;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium driven by Playwright, pointed at the console of a {@link LocalStack}. The browser is the
 * system's (Debian's {@code chromium} package; {@code BABYSEA_CHROMIUM} or {@code -Dbabysea.chromium} names another
 * executable); Playwright never downloads one. Without a browser the tests fail with a message saying how to get one.
 */
final class ConsoleBrowser implements AutoCloseable {
    /** Where the screenshot of every page goes (a test artifact). */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final Playwright playwright;
    private final Browser browser;
    private final String consoleUrl;
    /** Every console message and page error of every page, to check that the Content-Security-Policy blocked nothing. */
    private final List<String> browserLog = Collections.synchronizedList(new ArrayList<>());

    ConsoleBrowser(String consoleUrl) {
        this.consoleUrl = consoleUrl;
        Path chromium = chromium();
        if (!Files.isExecutable(chromium)) {
            fail("No Chromium at " + chromium + ": the console tests drive a real browser. Install Debian's package "
                    + "(apt-get install -y chromium) or point BABYSEA_CHROMIUM (or -Dbabysea.chromium) at a Chromium/Chrome executable.");
        }
        // the driver would otherwise try to download its own browser build
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--no-first-run", "--disable-sync")));
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path chromium() {
        String configured = System.getProperty("babysea.chromium", System.getenv("BABYSEA_CHROMIUM"));
        return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured.trim());
    }

    String consoleUrl() {
        return consoleUrl;
    }

    /** A fresh browser profile (own sessionStorage), desktop size, confirm() dialogs accepted. */
    Page newPage() {
        return newPage(1280, 900);
    }

    Page newPage(int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        Page page = context.newPage();
        page.onDialog(dialog -> dialog.accept());
        page.onConsoleMessage(message -> browserLog.add(message.type() + ": " + message.text()));
        page.onPageError(error -> browserLog.add("pageerror: " + error));
        return page;
    }

    /** Opens the console and signs in with an API key; returns once the shell (navigation) is shown. */
    Page signIn(String apiKey) {
        Page page = newPage();
        page.navigate(consoleUrl);
        signIn(page, apiKey);
        return page;
    }

    static void signIn(Page page, String apiKey) {
        page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true)).fill(apiKey);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Console pages")).waitFor();
    }

    /** Navigates inside the console by URL fragment (what the navigation links do). */
    static void open(Page page, String route) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(route).setExact(true)).click();
    }

    /** Saves a full-page screenshot as {@code target/console-screenshots/<name>.png}. */
    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    List<String> browserLog() {
        synchronized (browserLog) {
            return List.copyOf(browserLog);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
