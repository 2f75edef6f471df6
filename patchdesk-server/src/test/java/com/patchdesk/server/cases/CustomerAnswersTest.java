package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Whatever way the customer answers a case that waits for them, it goes back to the engineer, clocks running. */
@DeskTest
class CustomerAnswersTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    Actor customer;
    Actor engineer;
    String path;

    @BeforeEach
    void aCaseWaitingForTheCustomer() {
        Organisation bank = fixtures.organisation("浦发银行");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        path = "/api/cases/" + fixtures.openCase(bank).number();
        api.as(engineer).post(path + "/notes", Map.of("summary", "请上传 CBS 日志", "internal", false));
        api.as(engineer).post(path + "/transitions", Map.of("status", "SCOPING"));
        ApiClient.Response waiting =
                api.as(engineer).post(path + "/transitions", Map.of("status", "WAITING_FOR_CUSTOMER"));
        assertThat(waiting.status()).as(waiting.toString()).isEqualTo(200);
    }

    private JsonNode theCase() {
        return api.as(engineer).get(path).json();
    }

    private JsonNode lastEntry() {
        JsonNode entries = api.as(customer).get(path + "/entries").json();
        return entries.get(entries.size() - 1);
    }

    @Test
    void aCustomersNoteReturnsTheCaseToTheEngineerAndResumesTheClocks() {
        String dueBefore = theCase().path("sla").path("nextUpdateDueAt").asString();
        clock.advance(Duration.ofHours(30));

        assertThat(api.as(customer)
                        .post(path + "/notes", Map.of("summary", "日志已上传到共享盘"))
                        .status())
                .isEqualTo(201);

        JsonNode answered = theCase();
        assertThat(answered.path("status").asString()).isEqualTo("INVESTIGATING");
        assertThat(answered.path("sla").path("paused").asBoolean()).isFalse();
        // Paused on Monday 09:00 Shanghai with the whole 8 working hours left, answered on Tuesday 15:00: the update
        // is owed after 3 hours on Tuesday and 5 on Wednesday (business calendar 09:00-18:00, docs/sla.md).
        assertThat(dueBefore).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(java.time.Instant.parse(
                        answered.path("sla").path("nextUpdateDueAt").asString()))
                .isEqualTo(java.time.Instant.parse("2026-03-04T06:00:00Z"));
        assertThat(lastEntry().path("kind").asString()).isEqualTo("STATUS_CHANGE");
        assertThat(lastEntry().path("summary").asString()).isEqualTo("WAITING_FOR_CUSTOMER → INVESTIGATING");
        assertThat(lastEntry().path("body").asString()).isEqualTo("The customer added a note.");
    }

    @Test
    void aCustomersUploadReturnsTheCaseToTheEngineer() throws Exception {
        HttpResponse<String> uploaded = HttpClient.newHttpClient()
                .send(
                        api.as(customer)
                                .request(path + "/files?name=CBS.log")
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofString("2024-01-02 10:00:00, Error CBS 0x80070490"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);

        assertThat(theCase().path("status").asString()).isEqualTo("INVESTIGATING");
        assertThat(lastEntry().path("body").asString()).isEqualTo("The customer uploaded CBS.log.");
    }

    @Test
    void anEngineersNoteLeavesTheCaseWaiting() {
        api.as(engineer).post(path + "/notes", Map.of("summary", "提醒：请上传日志", "internal", false));

        assertThat(theCase().path("status").asString()).isEqualTo("WAITING_FOR_CUSTOMER");
        assertThat(theCase().path("sla").path("paused").asBoolean()).isTrue();
    }
}
