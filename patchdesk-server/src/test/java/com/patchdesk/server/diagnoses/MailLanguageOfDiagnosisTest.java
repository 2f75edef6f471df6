package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTemplates;
import com.patchdesk.server.cases.RenderedText;
import com.patchdesk.server.cases.TemplateName;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The analysis update carries the diagnosis in the mail's language, whatever the case's language: the seed bundle is
 * diagnosed by the real engine on a zh-CN case, and the English mail has no Chinese finding. Root causes and their
 * plan only, with short file names.
 */
@DeskTest
@TestPropertySource(
        properties = {"patchdesk.data-dir=target/test-data-diagnosis", "patchdesk.jobs.poll-interval=PT0.2S"})
class MailLanguageOfDiagnosisTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseTemplates templates;

    @Test
    void anEnglishAnalysisUpdateOfAChineseCaseHasNoChineseFindings() throws Exception {
        Organisation bank = fixtures.organisation("农村商业银行 mail language");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(bank);
        assertThat(ref.language().toLanguageTag()).isEqualTo("zh-CN");
        String number = ref.number().value();
        HttpResponse<String> uploaded = HttpClient.newHttpClient()
                .send(
                        api.as(customer)
                                .request("/api/cases/" + number + "/files?name=bundle.zip")
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.as(customer)
                        .get("/api/cases/" + number + "/diagnoses")
                        .json()
                        .valueStream()
                        .anyMatch(d -> d.path("status").asString().equals("done")));

        RenderedText english = templates.render(ref, TemplateName.ANALYSIS_UPDATE, "en", engineer);
        String findings = english.body()
                .substring(english.body().indexOf("Diagnosis:"), english.body().indexOf("Please reply"));
        assertThat(findings).contains("Root causes:").contains("- ").doesNotContainPattern("\\p{IsHan}");
        assertThat(findings).as("short file names, not bundle paths").doesNotContainPattern("[/\\\\!][^ ]*\\.log:");

        RenderedText chinese = templates.render(ref, TemplateName.ANALYSIS_UPDATE, "zh-CN", engineer);
        assertThat(chinese.body()).contains("根本原因：").containsPattern("\\p{IsHan}");
    }

    private static byte[] bundle() throws Exception {
        try (InputStream in =
                MailLanguageOfDiagnosisTest.class.getResourceAsStream("/bundles/seed-case-KB5032196-bundle.zip")) {
            return in.readAllBytes();
        }
    }
}
