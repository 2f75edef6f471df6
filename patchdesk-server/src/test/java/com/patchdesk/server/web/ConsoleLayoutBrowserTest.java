package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;

@Tag("browser")
@DeskTest
@ExtendWith(HeadlessChromium.class)
class ConsoleLayoutBrowserTest {

    @Autowired
    DeskFixtures fixtures;

    @Test
    void switchesLanguageAndKeepsTheChoiceOnLaterPages(Browser browser) {
        browser.signIn(fixtures.engineer().email(), DeskFixtures.PASSWORD).open("/help");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.text("h1")).isEqualTo("Using Patchdesk");
        browser.screenshot("help-en");

        browser.submit(".lang-switch a[hreflang=zh-CN]");

        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.text("h1")).isEqualTo("使用 Patchdesk");
        assertThat(browser.find(".lang-switch a[hreflang=zh-CN]").getAttribute("aria-current"))
                .isEqualTo("true");
        browser.screenshot("help-zh-CN");

        browser.open("/no-such-page");
        assertThat(browser.text("h1")).isEqualTo("未找到");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("zh-CN");
        browser.screenshot("not-found-zh-CN");

        browser.open("/help?lang=en");
        assertThat(browser.text("h1")).isEqualTo("Using Patchdesk");
    }

    @Test
    void theFirstTabOffersTheSkipLinkWhichMovesFocusToTheContent(Browser browser) {
        browser.signIn(fixtures.engineer().email(), DeskFixtures.PASSWORD).open("/help?lang=en");

        browser.find("body").sendKeys(Keys.TAB);
        var focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("class")).isEqualTo("skip-link");
        assertThat(focused.isDisplayed()).isTrue();
        browser.screenshot("skip-link-focused");

        focused.sendKeys(Keys.ENTER);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
                .isEqualTo("main");
    }
}
