package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The lifecycle and SLA clocks through the API, with time moved by the test. */
@DeskTest
class CaseLifecycleTest {

    static final Instant START = Instant.parse(DeskTest.START);

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    SlaTracking sla;

    Organisation bank;
    Actor customer;
    Actor engineer;
    String path;

    @BeforeEach
    void setUp() {
        bank = fixtures.organisation("建设银行");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        path = "/api/cases/" + fixtures.openCase(bank).number();
    }

    @Test
    void aCaseRunsFromNewToClosedWithConsentAndCanBeReopened() {
        move("SCOPING", 200);
        move("INVESTIGATING", 200);
        api.as(engineer).post(path + "/notes", Map.of("summary", "请上传 CBS 日志", "internal", false));
        move("WAITING_FOR_CUSTOMER", 200);
        move("INVESTIGATING", 200);
        move("RESOLVED", 200);

        ApiClient.Response refused = move("CLOSED", 409);
        assertThat(refused.json().path("detail").asString()).contains("consent");

        assertThat(api.as(customer).post(path + "/consent", null).status()).isEqualTo(201);
        move("CLOSED", 200);
        move("INVESTIGATING", 200);

        JsonNode entries = api.as(customer).get(path + "/entries").json();
        assertThat(entries.valueStream().map(e -> e.path("summary").asString()))
                .contains("NEW → SCOPING", "RESOLVED → CLOSED", "CLOSED → INVESTIGATING")
                .anyMatch(summary -> summary.startsWith("Resolution confirmed by"));
        JsonNode audit = api.as(engineer).get(path + "/audit").json();
        assertThat(audit.valueStream()
                        .filter(a -> a.path("field").asString().equals("status"))
                        .map(a -> a.path("oldValue").asString() + ">"
                                + a.path("newValue").asString()))
                .contains("NEW>SCOPING", "RESOLVED>CLOSED", "CLOSED>INVESTIGATING");
        assertThat(audit.valueStream().map(a -> a.path("actorLabel").asString()))
                .contains(engineer.email());
    }

    @Test
    void invalidTransitionsAreRefusedWith409NamingTheAllowedOnes() {
        ApiClient.Response response = move("RESOLVED", 409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString())
                .isEqualTo("a case cannot move from NEW to RESOLVED; allowed: SCOPING");
        assertThat(api.as(engineer).get(path).json().path("status").asString()).isEqualTo("NEW");
    }

    @Test
    void consentIsOnlyTakenForAResolvedCaseAndOnlyCountsAfterTheResolution() {
        assertThat(api.as(customer).post(path + "/consent", null).status()).isEqualTo(409);

        move("SCOPING", 200);
        move("INVESTIGATING", 200);
        move("RESOLVED", 200);
        api.as(customer).post(path + "/consent", null);
        move("INVESTIGATING", 200);
        move("RESOLVED", 200);

        assertThat(move("CLOSED", 409).status()).isEqualTo(409);
    }

    @Test
    void anEngineersCallNoteCanCarryTheConsent() {
        move("SCOPING", 200);
        move("INVESTIGATING", 200);
        move("RESOLVED", 200);
        clock.advance(Duration.ofHours(1));

        ApiClient.Response call = api.as(engineer)
                .post(
                        path + "/calls",
                        Map.of(
                                "who",
                                "王经理（客户 IT）",
                                "at",
                                START.plus(Duration.ofMinutes(50)).toString(),
                                "summary",
                                "客户确认更新已安装成功，同意结案",
                                "consent",
                                true));

        assertThat(call.status()).as(call.toString()).isEqualTo(201);
        move("CLOSED", 200);
        JsonNode entries = api.as(engineer).get(path + "/entries").json();
        JsonNode logged = entries.valueStream()
                .filter(e -> e.path("kind").asString().equals("CALL"))
                .findFirst()
                .orElseThrow();
        assertThat(logged.path("summary").asString()).contains("王经理（客户 IT）").contains("同意结案");
        assertThat(logged.path("occurredAt").asString()).isEqualTo("2026-03-02T01:50:00Z");
    }

    @Test
    void customersCannotChangeStatusOrLogCalls() {
        assertThat(api.as(customer)
                        .post(path + "/transitions", Map.of("status", "SCOPING"))
                        .status())
                .isEqualTo(403);
        assertThat(api.as(customer)
                        .post(path + "/calls", Map.of("who", "x", "summary", "y"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void callsCannotBeLoggedForTheFuture() {
        ApiClient.Response response = api.as(engineer)
                .post(
                        path + "/calls",
                        Map.of(
                                "who",
                                "x",
                                "summary",
                                "y",
                                "at",
                                START.plus(Duration.ofHours(1)).toString()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("at");
    }

    @Test
    void theFirstResponseClockRunsUntilAVisibleStaffEntryAndPausesWhileWaiting() {
        JsonNode opened = api.as(engineer).get(path).json().path("sla");
        assertThat(opened.path("firstResponseDueAt").asString()).isEqualTo("2026-03-02T05:00:00Z");

        clock.advance(Duration.ofHours(1));
        api.as(engineer).post(path + "/notes", Map.of("summary", "内部备注", "internal", true));
        assertThat(api.as(engineer)
                        .get(path)
                        .json()
                        .path("sla")
                        .path("firstRespondedAt")
                        .isNull())
                .isTrue();
        api.as(customer).post(path + "/notes", Map.of("summary", "客户补充信息"));
        assertThat(api.as(engineer)
                        .get(path)
                        .json()
                        .path("sla")
                        .path("firstRespondedAt")
                        .isNull())
                .isTrue();

        api.as(engineer).post(path + "/notes", Map.of("summary", "已收到，正在分析", "internal", false));
        JsonNode answered = api.as(engineer).get(path).json().path("sla");
        assertThat(answered.path("firstRespondedAt").asString()).isEqualTo("2026-03-02T02:00:00Z");
        assertThat(answered.path("nextUpdateDueAt").asString()).isEqualTo("2026-03-02T10:00:00Z");

        move("SCOPING", 200);
        move("WAITING_FOR_CUSTOMER", 200);
        clock.advance(Duration.ofDays(2));
        JsonNode waiting = api.as(engineer).get(path).json().path("sla");
        assertThat(waiting.path("paused").asBoolean()).isTrue();
        assertThat(waiting.path("nextUpdateBreached").asBoolean()).isFalse();

        move("INVESTIGATING", 200);
        JsonNode resumed = api.as(engineer).get(path).json().path("sla");
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        assertThat(resumed.path("nextUpdateDueAt").asString()).isEqualTo("2026-03-04T10:00:00Z");
    }

    @Test
    void alertsListCasesAboutToBreachAndTheSweepMakesBreachesPermanent() {
        String late = path;
        String calm = "/api/cases/" + fixtures.openCase(bank).number();
        api.as(engineer).post(calm + "/notes", Map.of("summary", "first answer", "internal", false));

        clock.advance(Duration.ofHours(3));
        assertThat(alertNumbers("PT2H")).contains(number(late)).doesNotContain(number(calm));
        assertThat(alertNumbers("PT30M")).doesNotContain(number(late));

        clock.advance(Duration.ofHours(2));
        sla.recordBreaches();
        api.as(engineer).post(late + "/notes", Map.of("summary", "sorry for the wait", "internal", false));
        JsonNode afterAnswer = api.as(engineer).get(late).json().path("sla");
        assertThat(afterAnswer.path("firstResponseBreached").asBoolean()).isTrue();
        assertThat(afterAnswer.path("nextUpdateBreached").asBoolean()).isFalse();
    }

    @Test
    void alertsAreForStaffAndRejectBadDurations() {
        assertThat(api.as(customer).get("/api/sla/alerts?within=PT2H").status()).isEqualTo(403);
        assertThat(api.as(engineer).get("/api/sla/alerts?within=2h").status()).isEqualTo(400);
    }

    private java.util.List<String> alertNumbers(String within) {
        ApiClient.Response response = api.as(engineer).get("/api/sla/alerts?within=" + within);
        assertThat(response.status()).isEqualTo(200);
        return response.json()
                .valueStream()
                .map(c -> c.path("number").asString())
                .toList();
    }

    private static String number(String casePath) {
        return casePath.substring(casePath.lastIndexOf('/') + 1);
    }

    @Test
    void aCaseWaitsForTheCustomerOnlyAfterTheFirstResponse() {
        move("SCOPING", 200);
        api.as(engineer).post(path + "/notes", Map.of("summary", "内部：先看日志", "internal", true));

        ApiClient.Response refused =
                api.as(engineer).post(path + "/transitions", Map.of("status", "WAITING_FOR_CUSTOMER", "note", "请上传日志"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains("only after the first response");
        assertThat(api.as(engineer).get(path).json().path("sla").path("paused").asBoolean())
                .isFalse();
        api.as(engineer).post(path + "/notes", Map.of("summary", "请上传 CBS 日志", "internal", false));
        move("WAITING_FOR_CUSTOMER", 200);
        assertThat(api.as(engineer).get(path).json().path("sla").path("paused").asBoolean())
                .isTrue();
    }

    private ApiClient.Response move(String status, int expected) {
        ApiClient.Response response = api.as(engineer).post(path + "/transitions", Map.of("status", status));
        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        return response;
    }
}
