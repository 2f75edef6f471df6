package com.patchdesk.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Runs a test class against Debian's headless Chromium through its chromedriver, one browser per class with a
 * fresh profile under {@code target/}. Test methods take a {@link Browser} parameter that already knows the
 * Spring Boot test server's port. A failing test leaves a screenshot named after it in {@code target/screenshots}.
 * <p>
 * A missing Chromium fails the test class with a message saying how to install it: a browser test that
 * quietly skips would report a console that was never looked at as working.
 */
class HeadlessChromium implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback, ParameterResolver {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM =
            Path.of(System.getenv().getOrDefault("PATCHDESK_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("PATCHDESK_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(HeadlessChromium.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        for (Path executable : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver, but "
                        + executable + " is missing. Install them with `apt-get install chromium chromium-driver` "
                        + "(.ci/run does this), or point PATCHDESK_CHROMIUM / PATCHDESK_CHROMEDRIVER at them.");
            }
        }
        Path profile = Path.of("target", "browser-profiles", UUID.randomUUID().toString());
        Files.createDirectories(profile);
        Files.createDirectories(SCREENSHOTS);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        context.getStore(NAMESPACE).put(ChromeDriver.class, driver);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Optional.ofNullable(context.getStore(NAMESPACE).remove(ChromeDriver.class, ChromeDriver.class))
                .ifPresent(ChromeDriver::quit);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            browser(context)
                    .screenshot(context.getRequiredTestClass().getSimpleName() + "-"
                            + context.getRequiredTestMethod().getName() + "-failed");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    private static Browser browser(ExtensionContext context) {
        ChromeDriver driver = context.getStore(NAMESPACE).get(ChromeDriver.class, ChromeDriver.class);
        if (driver == null) {
            throw new IllegalStateException("HeadlessChromium must be registered on the test class (@ExtendWith)");
        }
        String port =
                SpringExtension.getApplicationContext(context).getEnvironment().getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("Browser tests need @SpringBootTest(webEnvironment = RANDOM_PORT)");
        }
        return new Browser(driver, "http://127.0.0.1:" + port);
    }
}
