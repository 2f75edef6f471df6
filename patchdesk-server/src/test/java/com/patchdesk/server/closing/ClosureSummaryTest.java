package com.patchdesk.server.closing;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.diagnoses.Diagnoses;
import com.patchdesk.server.diagnoses.DiagnosisView;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The closure summary from a real diagnosis of the seed case's log bundle and a kit published to the customer:
 * root causes, steps and result, not the timeline.
 */
@DeskTest
class ClosureSummaryTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    Diagnoses diagnoses;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theClosureSummaryNamesTheRootCausesTheKitSentAndTheLatestDiagnosis() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("建设银行"));
        String number = ref.number().value();
        api.as(engineer).post("/api/cases/" + number + "/transitions", Map.of("status", "SCOPING"));

        byte[] bundle;
        try (InputStream in = getClass().getResourceAsStream("/bundles/seed-case-KB5032196-bundle.zip")) {
            bundle = in.readAllBytes();
        }
        assertThat(upload(engineer, "/api/cases/" + number + "/files?name=CMGELogCollector.zip", bundle))
                .isEqualTo(201);
        DiagnosisView done = awaitDiagnosis(ref);
        assertThat(done.status()).isEqualTo("done");
        assertThat(upload(
                        engineer,
                        "/api/cases/" + number + "/downloads?name=KB5031361-stepping-stone.msu",
                        "kit".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(201);

        List<String> rootCauses =
                jdbc.sql("""
                SELECT title_zh FROM diagnosis_findings WHERE diagnosis_id = :id AND depth = 0 ORDER BY position""").param("id", done.id()).query(String.class).list();
        assertThat(rootCauses).isNotEmpty();

        String body = api.as(engineer)
                .post("/api/cases/" + number + "/render/CLOSURE_SUMMARY", null)
                .json()
                .path("body")
                .asString();
        assertThat(body).contains("找到的根本原因：", "已采取的步骤：", "结果：");
        String causes = body.substring(body.indexOf("找到的根本原因："), body.indexOf("已采取的步骤："));
        rootCauses.forEach(cause -> assertThat(causes).contains("- " + cause));
        String steps = body.substring(body.indexOf("已采取的步骤："), body.indexOf("结果："));
        assertThat(steps).contains("已发送给您：KB5031361-stepping-stone.msu");
        assertThat(body.substring(body.indexOf("结果："))).contains("最近一次诊断");
        assertThat(body).doesNotContain("NEW → SCOPING").doesNotContain("[ref:");

        String english = api.as(engineer)
                .post("/api/cases/" + number + "/render/CLOSURE_SUMMARY?locale=en", null)
                .json()
                .path("body")
                .asString();
        assertThat(english)
                .contains("Sent to you: KB5031361-stepping-stone.msu")
                .contains("The latest diagnosis");
    }

    private int upload(Actor actor, String path, byte[] content) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        api.as(actor)
                                .request(path)
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private DiagnosisView awaitDiagnosis(CaseRef ref) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(until)) {
            var list = diagnoses.list(ref.id());
            if (!list.isEmpty()
                    && (list.get(0).status().equals("done")
                            || list.get(0).status().equals("failed"))) {
                return list.get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no finished diagnosis on " + ref.number().value() + " within 120 s");
    }
}
