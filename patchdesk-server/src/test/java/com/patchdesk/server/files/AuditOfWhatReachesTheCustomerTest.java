package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.cases.CaseRef;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The case's audit trail tells what went to the customer: each download link published and revoked, each download
 * through a link (which file, from which address), and each mail (to whom, from which template, with which subject).
 */
@DeskTest
@TestPropertySource(properties = {"patchdesk.jobs.enabled=false"})
class AuditOfWhatReachesTheCustomerTest {

    @LocalServerPort
    int port;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    @Autowired
    CaseFiles files;

    @Test
    void publishingRevokingDownloadsAndMailsAreAudited() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("湖北农信"));
        String n = ref.number().value();
        long fileId = files.receive(
                        ref,
                        "修复包.zip",
                        CaseFile.Origin.PUBLISHED,
                        new ByteArrayInputStream("repair kit".getBytes(StandardCharsets.UTF_8)),
                        Long.MAX_VALUE,
                        engineer.userId())
                .file()
                .id();

        var first = api.as(engineer).post("/api/cases/" + n + "/downloads", Map.of("fileId", fileId));
        var second =
                api.as(engineer).post("/api/cases/" + n + "/downloads", Map.of("fileId", fileId, "maxDownloads", 2));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        long firstId = first.json().path("link").path("id").asLong();
        long secondId = second.json().path("link").path("id").asLong();
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + URI.create(second.json().path("url").asText())
                                                .getRawPath()
                                        + "?"
                                        + URI.create(second.json().path("url").asText())
                                                .getRawQuery()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(api.as(engineer)
                        .delete("/api/cases/" + n + "/downloads/" + firstId)
                        .status())
                .isEqualTo(204);
        assertThat(api.as(engineer)
                        .delete("/api/cases/" + n + "/downloads/" + firstId)
                        .status())
                .as("revoked again: nothing new to audit")
                .isEqualTo(204);
        for (String template : List.of("SCOPING", "ANALYSIS_UPDATE")) {
            var mail = api.as(engineer)
                    .post("/api/cases/" + n + "/mails", Map.of("to", List.of("li@bank.example"), "template", template));
            assertThat(mail.status()).as(mail.toString()).isEqualTo(202);
        }

        // The transfer is recorded once the last byte is handed over, which may be just after the client has it.
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> actions(audit(engineer, n)).contains("downloaded"));
        List<JsonNode> trail = audit(engineer, n);
        assertThat(rows(trail, "download_link", firstId, "published"))
                .extracting(
                        r -> r.path("field").asText() + "=" + r.path("newValue").asText())
                .contains("fileId=" + fileId, "fileName=修复包.zip");
        assertThat(rows(trail, "download_link", secondId, "published"))
                .extracting(
                        r -> r.path("field").asText() + "=" + r.path("newValue").asText())
                .contains("maxDownloads=2");
        assertThat(rows(trail, "download_link", firstId, "revoked")).hasSize(1);
        assertThat(rows(trail, "download_link", secondId, "downloaded"))
                .allSatisfy(r -> assertThat(r.path("actorLabel").asText()).isEqualTo("download link " + secondId))
                .extracting(
                        r -> r.path("field").asText() + "=" + r.path("newValue").asText())
                .contains("fileName=修复包.zip", "clientAddress=127.0.0.1", "bytesSent=10");
        List<JsonNode> mails = trail.stream()
                .filter(r -> r.path("entityType").asText().equals("mail_message"))
                .toList();
        assertThat(mails)
                .allSatisfy(r -> assertThat(r.path("actorLabel").asText()).isEqualTo(engineer.email()))
                .extracting(
                        r -> r.path("field").asText() + "=" + r.path("newValue").asText())
                .contains("to=li@bank.example", "template=SCOPING", "template=ANALYSIS_UPDATE")
                .anyMatch(change -> change.startsWith("subject=[" + n + "]"));
    }

    private List<JsonNode> audit(Actor engineer, String number) {
        var response = api.as(engineer).get("/api/cases/" + number + "/audit");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        response.json().forEach(rows::add);
        return rows;
    }

    private static List<String> actions(List<JsonNode> trail) {
        return trail.stream().map(r -> r.path("action").asText()).toList();
    }

    private static List<JsonNode> rows(List<JsonNode> trail, String type, long id, String action) {
        return trail.stream()
                .filter(r -> r.path("entityType").asText().equals(type)
                        && r.path("entityId").asLong() == id
                        && r.path("action").asText().equals(action))
                .toList();
    }
}
