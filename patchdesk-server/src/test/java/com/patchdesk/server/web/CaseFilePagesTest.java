package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.diagnoses.Diagnoses;
import com.patchdesk.server.diagnoses.DiagnosisReadingTest;
import com.patchdesk.server.diagnoses.DiagnosisView;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockPart;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

@DeskTest
class CaseFilePagesTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    Diagnoses diagnoses;

    @Autowired
    com.patchdesk.server.cases.CaseTimeline timeline;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void anUploadedBundleIsDiagnosedAndItsPageShowsTheChainWithEvidence() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Upload bank"));
        String number = ref.number().value();

        mvc.perform(post("/cases/" + number + "/files")
                        .param("name", "CMGELogCollector-第1轮.zip")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED))
                        .with(as(engineer))
                        .with(csrf()))
                .andExpect(status().isNoContent())
                .andExpect(header().string("X-Patchdesk-Location", "/cases/" + number))
                .andExpect(flash().attribute("notice", "files.upload.done"));

        DiagnosisView done = awaitDiagnosis(ref);
        assertThat(done.status()).isEqualTo("done");
        String page = mvc.perform(
                        get("/cases/" + number + "/diagnoses/" + done.id()).with(as(engineer)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("CMGELogCollector-第1轮.zip")
                .contains("0x80248007")
                .contains("WindowsUpdate.log:")
                .contains("<svg")
                .contains("attempt-failed")
                .contains("data-copy-target=");
        // Each evidence line opens onto the lines around it, the cited one marked.
        assertThat(page).contains("<ol class=\"log-context\"").contains("aria-current=\"true\"");
        assertThat(mvc.perform(get("/cases/" + number).with(as(engineer)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("/cases/" + number + "/diagnoses/" + done.id());
    }

    @Test
    void theDiagnosisPageSpeaksTheReadersLanguageNotTheCases() throws Exception {
        Organisation bank = fixtures.organisation("语言银行");
        Actor englishEngineer = fixtures.engineer();
        Actor chineseEngineer = fixtures.user(com.patchdesk.server.accounts.Role.ENGINEER, null, "zh-CN");
        Actor customer = fixtures.customer(bank);
        CaseRef zhCase = fixtures.openCase(bank);
        String number = zhCase.number().value();
        mvc.perform(post("/cases/" + number + "/files")
                .param("name", "bundle.zip")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED))
                .with(as(englishEngineer))
                .with(csrf()));
        DiagnosisView done = awaitDiagnosis(zhCase);
        String titleEn = HtmlUtils.htmlEscape(done.findings().get(0).titleEn());
        String titleZh = HtmlUtils.htmlEscape(done.findings().get(0).titleZh());

        String english = page("/cases/" + number + "/diagnoses/" + done.id(), englishEngineer);
        String chinese = page("/cases/" + number + "/diagnoses/" + done.id(), chineseEngineer);
        String portal = page("/portal/cases/" + number + "/diagnoses/" + done.id(), customer);

        assertThat(english).contains(titleEn).doesNotContain(titleZh).contains("Remediation");
        assertThat(chinese).contains(titleZh).doesNotContain(titleEn);
        assertThat(portal).contains(titleZh);
        // A report stored before context and both languages: one row, the case's language, bare evidence lines.
        jdbc.sql("DELETE FROM diagnosis_reports WHERE diagnosis_id = :id")
                .param("id", done.id())
                .update();
        jdbc.sql("INSERT INTO diagnosis_reports (diagnosis_id, language, report_json) VALUES (:id, 'zh-CN', :json)")
                .param("id", done.id())
                .param("json", DiagnosisReadingTest.fixture("seed-chain-zh-CN.report.json"))
                .update();
        String old = page("/cases/" + number + "/diagnoses/" + done.id(), englishEngineer);
        assertThat(old)
                .contains("下载不完整")
                .contains("<pre class=\"hit\"")
                .doesNotContain("log-context")
                .contains("WindowsUpdate.log:1204");
        // The draft reply stays in the case's language whoever asks for it.
        assertThat(mvc.perform(get("/api/cases/" + number + "/diagnoses/latest/draft-reply")
                                .with(as(englishEngineer)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("\"locale\":\"zh-CN\"");
    }

    private String page(String path, Actor viewer) throws Exception {
        var response = mvc.perform(get(path).with(as(viewer)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        return response.getContentAsString();
    }

    @Test
    void aCustomerUploadsFromThePortalButNotToAnotherOrganisationsCase() throws Exception {
        Organisation bank = fixtures.organisation("Portal upload");
        Actor customer = fixtures.customer(bank);
        CaseRef own = fixtures.openCase(bank);
        CaseRef foreign = fixtures.openCase(fixtures.organisation("Foreign upload"));
        // A real container hands the file over as a servlet Part, so the test sends a Part too.
        MockPart file = new MockPart("file", "日志.zip", SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED));

        mvc.perform(MockMvcRequestBuilders.multipart("/cases/" + own.number().value() + "/files")
                        .part(file)
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(redirectedUrl("/portal/cases/" + own.number().value()))
                .andExpect(flash().attribute("notice", "files.upload.done"));
        mvc.perform(MockMvcRequestBuilders.multipart(
                                "/cases/" + foreign.number().value() + "/files")
                        .part(file)
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/cases/" + own.number().value() + "/downloads")
                        .param("fileId", "1")
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void theSameContentTwiceIsStoredOnce() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Duplicate"));
        byte[] bundle = SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED);

        for (String expected : new String[] {"files.upload.done", "files.upload.duplicate"}) {
            mvc.perform(post("/cases/" + ref.number().value() + "/files")
                            .param("name", "b.zip")
                            .contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .content(bundle)
                            .with(as(engineer))
                            .with(csrf()))
                    .andExpect(flash().attribute("notice", expected));
        }
    }

    @Test
    void anEngineerPublishesADownloadLinkShownOnce() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Publish"));
        mvc.perform(post("/cases/" + ref.number().value() + "/files")
                .param("name", "winsxs-fix.zip")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content("fix".getBytes())
                .with(as(engineer))
                .with(csrf()));
        long fileId = awaitDiagnosis(ref).fileId();

        var result = mvc.perform(post("/cases/" + ref.number().value() + "/downloads")
                        .param("fileId", String.valueOf(fileId))
                        .param("validDays", "3")
                        .param("maxDownloads", "2")
                        .with(as(engineer))
                        .with(csrf()))
                .andExpect(flash().attribute("notice", "files.publish.done"))
                .andReturn();
        assertThat((String) result.getFlashMap().get("publishedLink"))
                .matches("http://localhost(:\\d+)?/d/\\d+\\?t=.+");
        assertThat(timeline.entries(ref, engineer).stream()
                        .filter(e -> e.kind() == com.patchdesk.server.cases.EntryKind.DOWNLOAD_PUBLISHED)
                        .toList())
                .singleElement()
                .satisfies(e -> assertThat(e.summary()).startsWith("Published winsxs-fix.zip"));

        mvc.perform(post("/cases/" + ref.number().value() + "/downloads")
                        .param("fileId", String.valueOf(fileId))
                        .param("validDays", "365")
                        .with(as(engineer))
                        .with(csrf()))
                .andExpect(flash().attribute("problem", "files.publish.invalid"));
        assertThat(mvc.perform(get("/cases/" + ref.number().value()).with(as(engineer)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("winsxs-fix.zip")
                .contains("0 / 2");
    }

    @Test
    void aDiagnosisOfAnotherCaseIsNotFound() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef first = fixtures.openCase(fixtures.organisation("First"));
        CaseRef second = fixtures.openCase(fixtures.organisation("Second"));
        mvc.perform(post("/cases/" + first.number().value() + "/files")
                .param("name", "a.zip")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED))
                .with(as(engineer))
                .with(csrf()));
        long id = awaitDiagnosis(first).id();

        mvc.perform(get("/cases/" + second.number().value() + "/diagnoses/" + id)
                        .with(as(engineer)))
                .andExpect(status().isNotFound());
    }

    @Test
    void anEngineerRunsAFailedDiagnosisAgainFromItsPageTheCustomerCannot() throws Exception {
        Actor engineer = fixtures.engineer();
        Organisation bank = fixtures.organisation("Rerun bank");
        Actor customer = fixtures.customer(bank);
        CaseRef ref = fixtures.openCase(bank);
        String number = ref.number().value();
        mvc.perform(post("/cases/" + number + "/files")
                .param("name", "bundle.zip")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED))
                .with(as(engineer))
                .with(csrf()));
        long failed = awaitDiagnosis(ref).id();
        diagnoses.failed(failed, "analysis timed out"); // what the job records when the child is killed

        String page = page("/cases/" + number + "/diagnoses/" + failed, engineer);
        assertThat(page).contains("action=\"/cases/" + number + "/diagnoses/" + failed + "/rerun\"");
        assertThat(page("/portal/cases/" + number + "/diagnoses/" + failed, customer))
                .doesNotContain("/rerun");
        mvc.perform(post("/cases/" + number + "/diagnoses/" + failed + "/rerun")
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(status().isForbidden());

        String next = mvc.perform(post("/cases/" + number + "/diagnoses/" + failed + "/rerun")
                        .with(as(engineer))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", "diagnosis.rerun.queued"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();

        DiagnosisView rerun = awaitDiagnosis(ref);
        assertThat(next).isEqualTo("/cases/" + number + "/diagnoses/" + rerun.id());
        assertThat(rerun.status()).isEqualTo("done");
        assertThat(diagnoses.list(ref.id()))
                .extracting(DiagnosisView::id, DiagnosisView::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(rerun.id(), "done"),
                        org.assertj.core.groups.Tuple.tuple(failed, "failed"));
    }

    private DiagnosisView awaitDiagnosis(CaseRef ref) {
        return await("a finished diagnosis on " + ref.number().value())
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> diagnoses.list(ref.id()).stream()
                                .findFirst()
                                .filter(d ->
                                        d.status().equals("done") || d.status().equals("failed")),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    @Test
    void theCasesCustomerAndStaffDownloadAnUploadedFileFromThePagesAsBytesWithItsChineseName() throws Exception {
        Organisation bank = fixtures.organisation("下载银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(bank);
        String number = ref.number().value();
        byte[] bundle = SeedBundles.zip(SeedBundles.DOWNLOAD_FAILED);
        mvc.perform(post("/cases/" + number + "/files")
                        .param("name", "日志 第2轮.zip")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(bundle)
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(status().isNoContent());
        long fileId = awaitDiagnosis(ref).fileId();
        String link = "/cases/" + number + "/files/" + fileId;

        assertThat(mvc.perform(get("/portal/cases/" + number).with(as(customer)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("href=\"" + link + "\"");
        assertThat(mvc.perform(get("/cases/" + number).with(as(engineer)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("href=\"" + link + "\"");
        for (Actor reader : new Actor[] {customer, engineer}) {
            var response = mvc.perform(get(link).with(as(reader)))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse();
            assertThat(response.getContentAsByteArray()).isEqualTo(bundle);
            assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("Content-Disposition"))
                    .startsWith("attachment;")
                    .contains("filename*=UTF-8''%E6%97%A5%E5%BF%97%20%E7%AC%AC2%E8%BD%AE.zip");
        }
        // A customer of another organisation gets the answer a missing file gets.
        Actor stranger = fixtures.customer(fixtures.organisation("别家银行"));
        int foreign = mvc.perform(get(link).with(as(stranger)))
                .andReturn()
                .getResponse()
                .getStatus();
        int missing = mvc.perform(
                        get("/cases/" + number + "/files/" + (fileId + 100_000)).with(as(customer)))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(foreign).isEqualTo(missing).isEqualTo(404);
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
