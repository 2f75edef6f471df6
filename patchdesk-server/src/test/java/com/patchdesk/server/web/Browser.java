package com.patchdesk.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A headless Chromium pointed at the test server; what browser tests do with a page, in their words. */
record Browser(ChromeDriver driver, String baseUrl) {

    Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    Browser select(String css, String value) {
        new Select(find(css)).selectByValue(value);
        return this;
    }

    /**
     * Form controls a screen reader could not name: no {@code <label for>}, no wrapping label, no aria-label.
     * Returned as the start of their HTML so a failing assertion shows which ones.
     */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) driver.executeScript("""
                return Array.from(document.querySelectorAll(
                    'input:not([type=hidden]):not([type=submit]), select, textarea, button'))
                  .filter(function (el) {
                    if (el.tagName === 'BUTTON') { return !el.textContent.trim() && !el.getAttribute('aria-label'); }
                    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) { return false; }
                    if (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) { return false; }
                    return !el.closest('label');
                  })
                  .map(function (el) { return el.outerHTML.substring(0, 160); });
                """);
    }

    Browser click(String css) {
        find(css).click();
        return this;
    }

    /**
     * Clicks a control that submits a form or follows a link, and waits until the next page replaced this one, so that what the test
     * reads next (a notice, say) cannot be the previous page's.
     */
    Browser submit(String css) {
        WebElement page = find("html");
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> replaced(page) && loaded());
        return this;
    }

    /**
     * Whether the page this element belongs to has been replaced. Besides the stale-element answer, chromedriver may
     * answer a look at the old page while the new one is loading with "Node with given id does not belong to the
     * document" (an inspector error, not a stale element): that too says the old page is gone.
     */
    private static boolean replaced(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException inspector) {
            String message = String.valueOf(inspector.getMessage());
            if (message.contains("does not belong to the document")) {
                return true;
            }
            throw inspector;
        }
    }

    private boolean loaded() {
        return "complete".equals(driver.executeScript("return document.readyState"));
    }

    WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Signs in afresh: the previous test's session and language cookie are dropped first. */
    Browser signIn(String username, String password) {
        open("/login");
        driver.manage().deleteAllCookies();
        open("/login");
        type("input[name=username]", username);
        type("input[name=password]", password);
        submit("form button[type=submit]");
        // The old page going stale is not yet a session: wait for a signed-in page (its sign-out form), so that the
        // next navigation cannot cancel the login's redirect before its session cookie is kept.
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .withMessage(() -> "no signed-in page after signing in as " + username + ": " + describe())
                .until(d -> !findAll("form[action$='/logout']").isEmpty());
        return this;
    }

    /** Where the browser is and the start of what it shows, for an assertion's message when a page is not the expected one. */
    String describe() {
        String shown = String.valueOf(driver.executeScript("return document.body ? document.body.innerText : ''"));
        return path() + " \"" + driver.getTitle() + "\": "
                + (shown.length() > 600 ? shown.substring(0, 600) + "…" : shown).replaceAll("\\s+", " ");
    }

    /** Saves the page as {@code target/screenshots/NAME.png}, replacing the previous run's picture. */
    Path screenshot(String name) {
        try {
            Path file = HeadlessChromium.SCREENSHOTS.resolve(name + ".png");
            Files.createDirectories(file.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save screenshot " + name, e);
        }
    }
}
