package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.cases.CaseChanges;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.TemplateName;
import com.patchdesk.server.files.CaseFile;
import com.patchdesk.server.files.CaseFiles;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console does the whole job without curl, in a real browser: an admin sets up a customer (organisation, user)
 * and edits a template with its preview; an engineer edits the case header (and loses nothing to a colleague's
 * concurrent edit), publishes a link, puts it into a reply, revokes it, takes consent on the phone, closes a spam
 * case, reads the audit trail; the customer resets a forgotten password from the mailed link.
 */
@Tag("browser")
@DeskTest
@ExtendWith(HeadlessChromium.class)
class ConsoleBrowserTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    Organisations organisations;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseSearch search;

    @Autowired
    CaseFiles files;

    @Autowired
    CaseTemplates templates;

    @Autowired
    AuditTrail audit;

    /** A real SMTP server (GreenMail in this JVM) that receives the password reset mail. */
    static final GreenMail MAIL_SERVER = TestSmtp.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, MAIL_SERVER);
    }

    @AfterAll
    static void stopMailServer() {
        MAIL_SERVER.stop();
    }

    @Test
    void anAdminSetsUpACustomerAndEditsATemplate(Browser browser) {
        Actor admin = fixtures.admin();
        String orgName = "中国农业银行 " + System.nanoTime();
        String domain = "abc" + System.nanoTime() + ".example";
        String customerEmail = "xu" + System.nanoTime() + "@" + domain;

        browser.signIn(admin.email(), DeskFixtures.PASSWORD);
        browser.submit("#nav-admin").submit("#admin-organisations");
        browser.type("#org-name", orgName).type("#org-domain", domain).type("#org-zone", "Asia/Shanghai");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.submit("#org-create");
        assertThat(browser.text(".alert-info")).isEqualTo("The organisation was created.");
        Organisation created = organisations.findByName(orgName).orElseThrow();
        assertThat(created.emailDomain()).isEqualTo(domain);
        assertThat(browser.text("#org-" + created.id() + " .org-name")).isEqualTo(orgName);
        // Switch the sender check off for this customer: its mail servers sign nothing.
        browser.click("#org-check-" + created.id()).submit("#org-" + created.id() + " button");
        assertThat(organisations.require(created.id()).checkMailAuthentication())
                .isFalse();
        browser.screenshot("console-01-admin-organisations");

        browser.open("/admin/users");
        browser.type("#user-email", customerEmail)
                .type("#user-name", "许先生")
                .type("#user-password", "amber-gondola-thistle-73")
                .select("#user-role", "CUSTOMER")
                .select("#user-org", String.valueOf(created.id()))
                .select("#user-locale", "zh-CN");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.submit("#user-create");
        assertThat(browser.text(".alert-info")).isEqualTo("The user was created.");
        assertThat(browser.findAll(".users .user-email"))
                .extracting(e -> e.getText())
                .contains(customerEmail);
        browser.screenshot("console-02-admin-users");

        browser.open("/admin/templates").submit("#edit-SCOPING-zh-CN");
        assertThat(browser.text(".preview-body"))
                .contains("CAS-10610-F5B0M9")
                .contains("Windows 10 Enterprise LTSC 2019 1809");
        browser.type("#template-subject", "[{{case.number}}] 问题确认（已修订）：{{case.reportedKb}}");
        // The preview follows the typing (htmx, no page load) and renders from the sample case.
        // htmx replaces the preview section: an element read during the swap is stale, so read it again.
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(driver -> browser.text(".preview-subject").equals("[CAS-10610-F5B0M9] 问题确认（已修订）：KB5032196"));
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("console-03-admin-template-preview");
        browser.type("#template-subject", "[{{case.number}}] {{case.nosuchkey}}");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(driver ->
                        !browser.findAll(".template-preview .alert-error").isEmpty());
        browser.type("#template-subject", "[{{case.number}}] 问题确认（已修订）：{{case.reportedKb}}");
        browser.submit("#template-save");
        assertThat(browser.text(".alert-info")).isEqualTo("The template was saved.");
        assertThat(templates.get(TemplateName.SCOPING, "zh-CN").subject())
                .isEqualTo("[{{case.number}}] 问题确认（已修订）：{{case.reportedKb}}");

        // The customer forgot the password: the same answer for an unknown address, the link by mail in Chinese.
        browser.driver().manage().deleteAllCookies();
        browser.open("/login").submit("#forgot-link");
        browser.type("#forgot-email", "nobody-" + System.nanoTime() + "@" + domain)
                .submit("#forgot-submit");
        String unknownAnswer = browser.text(".alert-info");
        browser.type("#forgot-email", customerEmail.toUpperCase()).submit("#forgot-submit");
        assertThat(browser.text(".alert-info")).isEqualTo(unknownAnswer);
        String link = resetLinkMailedTo(customerEmail);
        assertThat(link).startsWith(browser.baseUrl() + "/password/reset?token=");
        browser.driver().get(link);
        browser.type("#reset-password", "violet-harbour-nimbus-84").type("#reset-repeated", "violet-harbour-nimbus-84");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.submit("#reset-submit");
        assertThat(browser.path()).isEqualTo("/login?reset");
        browser.signIn(customerEmail, "violet-harbour-nimbus-84");
        assertThat(browser.path()).startsWith("/portal");
        browser.driver().get(link);
        assertThat(browser.findAll("#reset-unusable"))
                .as("a reset link works once")
                .hasSize(1);
        browser.screenshot("console-04-reset-link-used");
    }

    @Test
    void anEngineerWorksTheCaseWithConsoleControlsOnly(Browser browser) throws Exception {
        Organisation bank = fixtures.organisation("工商银行 console");
        Actor engineer = fixtures.engineer();
        Actor colleague = fixtures.engineer();
        CaseRef ref = fixtures.openCase(bank);
        String number = ref.number().value();
        files.receive(
                ref,
                "winsxs-fix.zip",
                CaseFile.Origin.PUBLISHED,
                new ByteArrayInputStream("fix".getBytes(StandardCharsets.UTF_8)),
                1 << 20,
                engineer.userId());

        browser.signIn(engineer.email(), DeskFixtures.PASSWORD).open("/cases/" + number);
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.click("#header-edit");
        browser.select("#header-priority", "P1")
                .type("#header-title", "KB5032196 安装失败（全行 300 台）")
                .type("#header-error", "0x800F0986");
        browser.submit("#header-save");
        assertThat(browser.text(".alert-info")).isEqualTo("The case header was saved.");
        assertThat(browser.text("h1")).contains("全行 300 台");
        assertThat(search.one(ref).priority().name()).isEqualTo("P1");

        // A colleague saves while this engineer types: refused with a clear message, the typed title kept.
        browser.click("#header-edit");
        browser.type("#header-title", "我的标题");
        long seen = search.one(ref).version();
        desk.update(
                colleague,
                ref,
                seen,
                new CaseChanges("同事的标题", null, null, null, null, null, null, null, null, null, null));
        browser.submit("#header-save");
        assertThat(browser.text(".alert-error")).contains("Someone else changed this case");
        assertThat(browser.find("#header-title").getAttribute("value")).isEqualTo("我的标题");
        assertThat(browser.text("h1")).contains("同事的标题");
        browser.screenshot("console-05-header-conflict");

        browser.submit("#publish-heading + form button");
        String url = browser.text("#published-link");
        assertThat(url).startsWith(browser.baseUrl() + "/d/");
        assertThat(browser.find("#copy-link").getText()).isEqualTo("Copy link");
        assertThat(status(url)).isEqualTo(200);
        browser.screenshot("console-06-published-link");
        browser.submit("#mail-link");
        assertThat(browser.find("#compose-body").getAttribute("value"))
                .contains(url)
                .contains("winsxs-fix.zip");
        assertThat(browser.find("#compose-subject").getAttribute("value")).contains("winsxs-fix.zip");

        browser.submit(".revoke-link button");
        assertThat(browser.text(".alert-info")).isEqualTo("The download link was revoked; it no longer works.");
        assertThat(browser.findAll(".download-link .badge-warn")).hasSize(1);
        assertThat(browser.findAll(".revoke-link")).isEmpty();
        assertThat(status(url)).isEqualTo(404);

        for (String next : new String[] {"SCOPING", "INVESTIGATING", "RESOLVED"}) {
            browser.select("#status-to", next).submit("#status-heading + form button");
        }
        browser.type("#call-who", "许先生").type("#call-summary", "补丁已装好，同意关闭").click("#call-consent");
        browser.submit("#call-heading + form button");
        assertThat(browser.findAll(".timeline .entry-consent")).hasSize(1);
        browser.select("#status-to", "CLOSED").submit("#status-heading + form button");
        assertThat(browser.text(".case-status")).isEqualTo("Closed");

        CaseRef spam = fixtures.openCase(bank);
        browser.open("/cases/" + spam.number().value());
        browser.select("#dismiss-reason", "SPAM").type("#dismiss-note", "广告邮件").submit("#dismiss-submit");
        assertThat(browser.text(".alert-info")).isEqualTo("The case was closed as duplicate or spam.");
        assertThat(browser.text(".case-status")).isEqualTo("Closed");
        assertThat(browser.findAll(".timeline .entry-status_change .summary"))
                .extracting(e -> e.getText())
                .contains("NEW → CLOSED (spam)");
        browser.submit("#audit-link");
        assertThat(browser.findAll(".audit td")).extracting(e -> e.getText()).contains("Case: closed as spam");
        browser.screenshot("console-07-audit-trail");
        assertThat(audit.forCase(ref.id())).extracting(r -> r.field()).contains("priority", "title", "consent");
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String resetLinkMailedTo(String address) {
        Pattern link = Pattern.compile("https?://\\S+/password/reset\\?token=\\S+");
        MimeMessage mail = await("a password reset mail to " + address)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> MAIL_SERVER.getReceivedMessagesForDomain(address), mails -> mails.length > 0)[0];
        try {
            assertThat(mail.getSubject()).isEqualTo("Patchdesk：设置新密码");
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
        return decoded(mail, link);
    }

    private static String decoded(MimeMessage mail, Pattern link) {
        try {
            Matcher found = link.matcher((String) mail.getContent());
            assertThat(found.find()).as("the mail holds the reset link").isTrue();
            return found.group();
        } catch (jakarta.mail.MessagingException | java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
