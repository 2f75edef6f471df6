package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.NewContact;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The case desk as people use it, in a real browser: an engineer opens a case and works it to resolution, the
 * customer sees only their organisation's case and confirms, the engineer closes it with the summary.
 */
@Tag("browser")
@DeskTest
@ExtendWith(HeadlessChromium.class)
class CaseDeskBrowserTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseAccess access;

    @Autowired
    CaseDesk desk;

    @Autowired
    JdbcClient jdbc;

    /** A real SMTP server for the outbox (GreenMail in this JVM), as the mail tests use. */
    static final GreenMail MAIL_SERVER = TestSmtp.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, MAIL_SERVER);
        registry.add("patchdesk.mail.outbox.interval", () -> "PT1S");
    }

    @AfterAll
    static void stopMailServer() {
        MAIL_SERVER.stop();
    }

    @Test
    void anEngineerWorksACaseToClosureWithTheCustomersConsent(Browser browser) {
        Organisation bank = fixtures.organisation("工商银行 ICBC");
        Organisation otherBank = fixtures.organisation("Other bank");
        CaseRef foreign = fixtures.openCase(otherBank);
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(bank);

        browser.signIn(engineer.email(), DeskFixtures.PASSWORD);
        assertThat(browser.path()).startsWith("/cases");
        browser.screenshot("01-engineer-case-list");
        assertThat(browser.unlabelledControls()).isEmpty();

        browser.submit("a[href='/cases/new']");
        browser.type("#title", "KB5032196 安装失败，报错 0x80248007")
                .select("#organisationId", String.valueOf(bank.id()))
                .select("#priority", "P2")
                .type("#description", "V2020-L 1809 终端在线获取补丁 KB5032196 报错 0x80248007。")
                .type("#productVersion", "V2020-L 1809")
                .type("#reportedKb", "KB5032196")
                .type("#reportedError", "0x80248007");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("02-engineer-new-case");
        browser.submit("form button[type=submit].primary");

        String number = browser.text("h1 .mono");
        assertThat(number).matches("CAS-\\d{5}-[A-Z0-9]{6}");
        assertThat(browser.text(".case-status")).isEqualTo("New");
        assertThat(browser.unlabelledControls()).isEmpty();
        // The customer's IT contact, as the scoping call would record it: the reply goes to them.
        desk.addContact(
                engineer,
                access.require(engineer, CaseNumber.parse(number), CaseAction.EDIT),
                new NewContact(customer.email(), "许先生", null));

        Path bundle = SeedBundles.zipTo(SeedBundles.DOWNLOAD_FAILED, Path.of("target", "browser-uploads"));
        browser.find("#upload-file").sendKeys(bundle.toAbsolutePath().toString());
        browser.click("#upload-heading + form button");
        assertThat(browser.waitFor(".alert-info").getText())
                .isEqualTo("The file was uploaded; its diagnosis starts now.");
        String diagnosisLink = awaitDiagnosisLink(browser, number);
        browser.open(diagnosisLink);
        assertThat(browser.text(".diagnosis-status")).isEqualTo("Completed");
        assertThat(browser.findAll(".chain .finding")).isNotEmpty();
        assertThat(browser.findAll(".evidence .location"))
                .extracting(e -> e.getText())
                .anyMatch(location -> location.matches(".+\\.log:\\d+"));
        // The case is zh-CN, the engineer reads English: the findings are in the reader's language.
        assertThat(browser.findAll(".chain .finding h3"))
                .extracting(e -> e.getText())
                .allSatisfy(title -> assertThat(title).doesNotContainPattern("\\p{IsHan}"));
        browser.find(".evidence details summary").click();
        var cited = browser.find(".evidence details .log-context li.hit");
        assertThat(cited.isDisplayed()).isTrue();
        assertThat(browser.find(".evidence details .log-context").findElements(org.openqa.selenium.By.tagName("li")))
                .hasSizeGreaterThan(1);
        assertThat(cited.getText())
                .startsWith(browser.find(".evidence .location").getText().replaceAll(".*:", ""));
        assertThat(browser.findAll(".chart svg rect.attempt")).isNotEmpty();
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("03-engineer-diagnosis");
        browser.open("/cases/" + number);

        browser.select("#compose-template", "ANALYSIS_UPDATE").submit("#compose-heading + form button");
        String composed = browser.find("#compose-body").getAttribute("value");
        assertThat(composed).contains(number).contains("0x80248007").containsPattern("\\p{IsHan}");
        browser.screenshot("04-engineer-case-compose");
        browser.submit("#compose-send");
        assertThat(browser.text(".alert-info"))
                .isEqualTo("The mail is queued and on the timeline; it is sent in the background.");
        assertDelivered(customer, number, composed);

        for (String next : new String[] {"SCOPING", "INVESTIGATING", "RESOLVED"}) {
            browser.select("#status-to", next)
                    .type("#status-note", "→ " + next)
                    .submit("#status-heading + form button");
            assertThat(browser.text(".alert-info")).isEqualTo("The status was changed.");
        }
        assertThat(browser.text(".case-status")).isEqualTo("Resolved");
        browser.screenshot("05-engineer-case-resolved");

        browser.signIn(customer.email(), DeskFixtures.PASSWORD);
        assertThat(browser.path()).startsWith("/portal");
        assertThat(browser.findAll(".case-link")).extracting(e -> e.getText()).containsExactly(number);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("06-customer-portal");

        browser.submit(".case-link");
        browser.submit("#confirm-resolution");
        assertThat(browser.text(".alert-info")).isEqualTo("谢谢。您的确认已记录，工程师将关闭此案例。");
        assertThat(browser.findAll("#confirm-resolution")).isEmpty();
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("07-customer-confirmed");

        browser.open("/cases/" + foreign.number().value());
        assertThat(browser.text("h1")).isEqualTo("未找到");
        assertThat(browser.driver().getPageSource())
                .doesNotContain(foreign.number().value());
        browser.screenshot("08-customer-foreign-case-refused");

        browser.signIn(engineer.email(), DeskFixtures.PASSWORD).open("/cases/" + number);
        assertThat(browser.find("#status-note").getAttribute("value")).contains(number);
        browser.select("#status-to", "CLOSED").submit("#status-heading + form button");
        assertThat(browser.text(".case-status")).isEqualTo("Closed");
        assertThat(browser.findAll(".timeline .entry-consent")).hasSize(1);
        browser.screenshot("09-engineer-case-closed");
    }

    /**
     * The reply left the outbox and reached the customer's mailbox over SMTP: their address, the case number and the
     * case's tracking token in the subject, the Chinese text as composed.
     */
    private void assertDelivered(Actor customer, String number, String composed) {
        try {
            assertThat(MAIL_SERVER.waitForIncomingEmail(Duration.ofSeconds(30).toMillis(), 1))
                    .as("the reply reaches the SMTP server")
                    .isTrue();
            MimeMessage mail = MAIL_SERVER.getReceivedMessagesForDomain(customer.email())[0];
            String token =
                    jdbc.sql("""
                    SELECT t.tracking_token FROM mail_threads t JOIN cases c ON c.id = t.case_id
                    WHERE c.number = :number""").param("number", number).query(String.class).single();
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(customer.email());
            assertThat(mail.getSubject()).startsWith("[" + number + "] ").endsWith("[ref:" + token + "]");
            assertThat(mail.getContentType()).containsIgnoringCase("charset=UTF-8");
            assertThat(((String) mail.getContent()).replace("\r\n", "\n").strip())
                    .isEqualTo(composed.replace("\r\n", "\n").strip());
        } catch (MessagingException | IOException e) {
            throw new AssertionError("the delivered mail could not be read", e);
        }
    }

    /** The diagnosis runs in the background; the case page lists it once it is done. */
    static String awaitDiagnosisLink(Browser browser, String number) {
        return await("the uploaded bundle diagnosed")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            browser.open("/cases/" + number);
                            return browser.findAll(".diagnoses li").stream()
                                    .filter(li -> li.getText().contains("Completed"))
                                    .findFirst()
                                    .map(li -> li.findElement(org.openqa.selenium.By.tagName("a"))
                                            .getDomAttribute("href"));
                        },
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
