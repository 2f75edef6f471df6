package com.patchdesk.server.calendars;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** SLA clocks on business calendars through the API, with the shipped holiday list of China. */
@DeskTest
class SlaCalendarsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    Organisation bank;
    Actor engineer;
    Actor admin;

    @BeforeEach
    void setUp() {
        bank = fixtures.organisation("工商银行");
        engineer = fixtures.engineer();
        admin = fixtures.admin();
    }

    static Instant shanghai(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private JsonNode openP2(Organisation organisation) {
        return api.as(engineer)
                .post(
                        "/api/cases",
                        Map.of(
                                "title",
                                "KB5032196 安装失败",
                                "priority",
                                "P2",
                                "organisationId",
                                organisation.id(),
                                "language",
                                "zh-CN"))
                .json();
    }

    private JsonNode sla(JsonNode kase) {
        return api.as(engineer)
                .get("/api/cases/" + kase.path("number").asString())
                .json()
                .path("sla");
    }

    @Test
    void aP2CaseOpenedOnTheEveOfSpringFestivalIsDueAfterTheHoliday() {
        // Saturday 14 Feb 2026 is a make-up working day; 15 to 23 February are the holiday.
        clock.set(shanghai("2026-02-14T16:30"));
        JsonNode kase = openP2(bank);
        assertThat(Instant.parse(sla(kase).path("firstResponseDueAt").asString()))
                .isEqualTo(shanghai("2026-02-24T11:30"));

        clock.set(shanghai("2026-02-20T10:00"));
        assertThat(api.as(engineer)
                        .get("/api/sla/alerts?within=PT2H")
                        .json()
                        .valueStream()
                        .map(c -> c.path("number").asString()))
                .doesNotContain(kase.path("number").asString());
    }

    @Test
    void theNextUpdateAfterAPauseAcrossTheHolidayKeepsOnlyTheWorkingTimeLeft() {
        clock.set(shanghai("2026-02-13T14:00"));
        JsonNode kase = openP2(bank);
        String path = "/api/cases/" + kase.path("number").asString();
        api.as(engineer).post(path + "/notes", Map.of("summary", "请上传 CBS 日志", "internal", false));
        // Next update (8 working hours): 4 on Friday, 4 on Saturday 14 February, the make-up working day.
        assertThat(Instant.parse(sla(kase).path("nextUpdateDueAt").asString())).isEqualTo(shanghai("2026-02-14T13:00"));
        api.as(engineer).post(path + "/transitions", Map.of("status", "SCOPING"));
        clock.set(shanghai("2026-02-13T17:00"));
        api.as(engineer).post(path + "/transitions", Map.of("status", "WAITING_FOR_CUSTOMER"));
        // Paused with 5 working hours left (1 on Friday, 4 on the Saturday); the customer answers during the
        // holiday, so the 5 hours count from the first working morning after it.
        clock.set(shanghai("2026-02-18T09:00"));
        api.as(engineer).post(path + "/transitions", Map.of("status", "INVESTIGATING"));
        assertThat(Instant.parse(sla(kase).path("nextUpdateDueAt").asString())).isEqualTo(shanghai("2026-02-24T14:00"));
    }

    @Test
    void anOrganisationsOwnCalendarAndA24x7P1() {
        Organisation branch = fixtures.organisation("Frankfurt branch");
        api.as(admin).patch("/api/organisations/" + branch.id(), Map.of("timeZone", "Europe/Berlin"));
        JsonNode set = api.as(admin)
                .put(
                        "/api/organisations/" + branch.id() + "/calendar",
                        Map.of(
                                "workingDays",
                                List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY"),
                                "opens",
                                "08:00",
                                "closes",
                                "16:00",
                                "aroundTheClock",
                                List.of("P1")))
                .json();
        assertThat(set.path("standard").asBoolean()).isFalse();
        assertThat(set.path("timeZone").asString()).isEqualTo("Europe/Berlin");

        // Thursday 5 March 2026, 15:00 Berlin: one hour left that day, Friday is not worked, Monday is.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        clock.set(LocalDateTime.parse("2026-03-05T15:00").atZone(berlin).toInstant());
        JsonNode p2 = openP2(branch);
        assertThat(Instant.parse(sla(p2).path("firstResponseDueAt").asString()))
                .isEqualTo(
                        LocalDateTime.parse("2026-03-09T11:00").atZone(berlin).toInstant());
        JsonNode p1 = api.as(engineer)
                .post("/api/cases", Map.of("title", "全行无法更新", "priority", "P1", "organisationId", branch.id()))
                .json();
        assertThat(Instant.parse(sla(p1).path("firstResponseDueAt").asString()))
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)));

        assertThat(api.as(admin)
                        .delete("/api/organisations/" + branch.id() + "/calendar")
                        .json()
                        .path("standard")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void holidayListsAreImportedByAdminsOneYearAtATimeWithTheirSource() {
        JsonNode shipped = api.as(engineer).get("/api/holiday-lists/CN").json();
        assertThat(shipped.path("source").asString()).contains("国务院办公厅关于2026年部分节假日安排的通知");
        assertThat(shipped.path("days")
                        .valueStream()
                        .filter(d -> d.path("kind").asString().equals("WORKDAY"))
                        .map(d -> d.path("date").asString()))
                .containsExactly("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");

        Map<String, Object> year2027 = Map.of(
                "name",
                "测试假期",
                "source",
                "a test's own calendar file",
                "days",
                List.of(Map.of("date", "2027-02-08", "kind", "HOLIDAY", "name", "春节")));
        assertThat(api.as(engineer).put("/api/holiday-lists/CN", year2027).status())
                .isEqualTo(403);
        JsonNode merged = api.as(admin).put("/api/holiday-lists/CN", year2027).json();
        assertThat(merged.path("days").valueStream().map(d -> d.path("date").asString()))
                .contains("2026-02-14", "2027-02-08");
        assertThat(api.as(engineer)
                        .get("/api/holiday-lists")
                        .json()
                        .get(0)
                        .path("years")
                        .toString())
                .isEqualTo("[2026,2027]");

        ApiClient.Response twice = api.as(admin)
                .put(
                        "/api/holiday-lists/TEST",
                        Map.of(
                                "name",
                                "x",
                                "source",
                                "y",
                                "days",
                                List.of(
                                        Map.of("date", "2027-01-01", "kind", "HOLIDAY", "name", "a"),
                                        Map.of("date", "2027-01-01", "kind", "WORKDAY", "name", "b"))));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().path("errors").get(0).path("field").asString()).isEqualTo("days[1]");
        ApiClient.Response noSource = api.as(admin)
                .put(
                        "/api/holiday-lists/TEST",
                        Map.of(
                                "name",
                                "x",
                                "days",
                                List.of(Map.of("date", "2027-01-01", "kind", "HOLIDAY", "name", "a"))));
        assertThat(noSource.status()).isEqualTo(400);
        assertThat(api.as(engineer).get("/api/holiday-lists/TEST").status()).isEqualTo(404);
    }

    @Test
    void customersReadOnlyTheirOwnCalendarAndNobodyButAdminsSetsOne() {
        Actor customer = fixtures.customer(bank);
        Organisation other = fixtures.organisation("其他银行");
        assertThat(api.as(customer)
                        .get("/api/organisations/" + bank.id() + "/calendar")
                        .json()
                        .path("calendar")
                        .path("opens")
                        .asString())
                .isEqualTo("09:00:00");
        assertThat(api.as(customer)
                        .get("/api/organisations/" + other.id() + "/calendar")
                        .status())
                .isEqualTo(404);
        Map<String, Object> spec = Map.of("workingDays", List.of("MONDAY"), "opens", "09:00", "closes", "17:00");
        assertThat(api.as(customer)
                        .put("/api/organisations/" + bank.id() + "/calendar", spec)
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer)
                        .put("/api/organisations/" + bank.id() + "/calendar", spec)
                        .status())
                .isEqualTo(403);
        ApiClient.Response backwards = api.as(admin)
                .put(
                        "/api/organisations/" + bank.id() + "/calendar",
                        Map.of("workingDays", List.of("MONDAY"), "opens", "18:00", "closes", "09:00"));
        assertThat(backwards.status()).isEqualTo(400);
        ApiClient.Response unknownList = api.as(admin)
                .put(
                        "/api/organisations/" + bank.id() + "/calendar",
                        Map.of(
                                "workingDays",
                                List.of("MONDAY"),
                                "opens",
                                "09:00",
                                "closes",
                                "17:00",
                                "holidayList",
                                "XX"));
        assertThat(unknownList.status()).isEqualTo(400);
    }
}
