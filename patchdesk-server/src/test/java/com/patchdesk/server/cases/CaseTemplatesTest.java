package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@DeskTest
class CaseTemplatesTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    com.patchdesk.server.MutableClock clock;

    Organisation bank;
    Actor engineer;
    Actor admin;
    CaseRef kase;

    @BeforeEach
    void setUp() {
        bank = fixtures.organisation("农业银行");
        engineer = fixtures.engineer();
        admin = fixtures.admin();
        kase = fixtures.openCase(bank);
    }

    @Test
    void everyTemplateIsSeededInBothLanguages() {
        JsonNode templates = api.as(engineer).get("/api/templates").json();
        assertThat(templates
                        .valueStream()
                        .map(t -> t.path("name").asString() + "/"
                                + t.path("locale").asString()))
                .contains(
                        "SCOPING/zh-CN",
                        "SCOPING/en",
                        "ANALYSIS_UPDATE/zh-CN",
                        "ANALYSIS_UPDATE/en",
                        "CLOSURE_SUMMARY/zh-CN",
                        "CLOSURE_SUMMARY/en");
    }

    @Test
    void theScopingTemplateRendersTheCaseInItsLanguage() {
        ApiClient.Response response = api.as(engineer).post(path("SCOPING"), null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode text = response.json();
        assertThat(text.path("locale").asString()).isEqualTo("zh-CN");
        assertThat(text.path("subject").asString())
                .isEqualTo("[" + kase.number() + "] 问题范围确认：KB5032196 安装失败 0x800f0986");
        assertThat(text.path("body").asString())
                .contains("银行终端无法安装 KB5032196。")
                .contains("V2020-L 1809（内部版本 17763）")
                .contains("错误代码：0x800F0986")
                .contains(engineer.displayName());
    }

    @Test
    void theClosureSummaryIsBuiltFromTheDiagnosesNotTheTimelineAndCanBeRenderedInEnglish() {
        api.as(engineer)
                .post(
                        "/api/cases/" + kase.number() + "/notes",
                        Map.of("summary", "Reset the SoftwareDistribution cache", "internal", false));
        api.as(engineer)
                .post(
                        "/api/cases/" + kase.number() + "/notes",
                        Map.of("summary", "secret internal idea", "internal", true));

        JsonNode text = api.as(engineer)
                .post(path("CLOSURE_SUMMARY") + "?locale=en", null)
                .json();

        assertThat(text.path("locale").asString()).isEqualTo("en");
        assertThat(text.path("body").asString())
                .contains("Case number: " + kase.number())
                .contains("Root causes found:")
                .contains("No log bundle was diagnosed on this case.")
                .doesNotContain("Reset the SoftwareDistribution cache")
                .doesNotContain("secret internal idea");
    }

    @Test
    void timesInTemplatesAreInTheCustomersTimeZone() {
        // The seeded templates name no times; an edited one lists the updates with theirs. Other test classes
        // share this database, so the seeded text is put back afterwards.
        JsonNode seeded =
                api.as(admin).get("/api/templates/CLOSURE_SUMMARY/zh-CN").json();
        assertThat(api.as(admin)
                        .put(
                                "/api/templates/CLOSURE_SUMMARY/zh-CN",
                                Map.of(
                                        "subject",
                                        "{{case.number}}",
                                        "body",
                                        "{{#updates}}- {{at}} {{summary}}\n{{/updates}}"))
                        .status())
                .isEqualTo(200);
        try {
            timesAreInTheCustomersTimeZone();
        } finally {
            api.as(admin)
                    .put(
                            "/api/templates/CLOSURE_SUMMARY/zh-CN",
                            Map.of(
                                    "subject",
                                    seeded.path("subject").asString(),
                                    "body",
                                    seeded.path("body").asString()));
        }
    }

    private void timesAreInTheCustomersTimeZone() {
        api.as(engineer)
                .post(
                        "/api/cases/" + kase.number() + "/notes",
                        Map.of("summary", "已清理 SoftwareDistribution 缓存", "internal", false));
        java.time.format.DateTimeFormatter minutes = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        String inShanghai = minutes.format(clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")));
        String inBerlin = minutes.format(clock.instant().atZone(java.time.ZoneId.of("Europe/Berlin")));
        assertThat(bank.timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(api.as(engineer)
                        .post(path("CLOSURE_SUMMARY"), null)
                        .json()
                        .path("body")
                        .asString())
                .contains(inShanghai);

        ApiClient.Response moved =
                api.as(admin).patch("/api/organisations/" + bank.id(), Map.of("timeZone", "Europe/Berlin"));

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(api.as(engineer)
                        .post(path("CLOSURE_SUMMARY"), null)
                        .json()
                        .path("body")
                        .asString())
                .contains(inBerlin)
                .doesNotContain(inShanghai);
    }

    @Test
    void onlyAdminsMoveAnOrganisationAndOnlyToARealRegion() {
        String org = "/api/organisations/" + bank.id();
        assertThat(api.as(engineer).patch(org, Map.of("timeZone", "Asia/Tokyo")).status())
                .isEqualTo(403);
        assertThat(api.as(fixtures.customer(bank))
                        .patch(org, Map.of("timeZone", "Asia/Tokyo"))
                        .status())
                .isEqualTo(403);
        for (String bad : new String[] {"+08:00", "Mars/Olympus_Mons", "UTC+8"}) {
            ApiClient.Response refused = api.as(admin).patch(org, Map.of("timeZone", bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("timeZone");
        }
        ApiClient.Response created = api.as(admin)
                .post("/api/organisations", Map.of("name", "香港分行 " + System.nanoTime(), "timeZone", "Asia/Hong_Kong"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("timeZone").asString()).isEqualTo("Asia/Hong_Kong");
    }

    @Test
    void adminsEditTemplatesAndTheEditIsUsedButCannotReferToUnknownData() {
        String editPath = "/api/templates/ANALYSIS_UPDATE/en";
        ApiClient.Response unknownKey =
                api.as(admin).put(editPath, Map.of("subject", "{{case.number}}", "body", "{{case.secretField}}"));
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(api.as(admin)
                        .put(editPath, Map.of("subject", "x", "body", "{{#case}}unclosed"))
                        .status())
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .put(editPath, Map.of("subject", "x", "body", "y"))
                        .status())
                .isEqualTo(403);

        String etag = api.as(admin).get(editPath).header("ETag");
        ApiClient.Response edited = api.as(admin)
                .header("If-Match", etag)
                .put(
                        editPath,
                        Map.of(
                                "subject", "Update on {{case.number}}",
                                "body", "{{^hasDiagnosis}}No diagnosis yet for {{case.reportedKb}}.{{/hasDiagnosis}}"));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(api.as(admin)
                        .header("If-Match", etag)
                        .put(editPath, Map.of("subject", "a", "body", "b"))
                        .status())
                .isEqualTo(412);

        JsonNode text = api.as(engineer)
                .post(path("ANALYSIS_UPDATE") + "?locale=en", null)
                .json();
        assertThat(text.path("subject").asString()).isEqualTo("Update on " + kase.number());
        assertThat(text.path("body").asString()).isEqualTo("No diagnosis yet for KB5032196.");
    }

    @Test
    void customersCannotRenderTemplates() {
        Actor customer = fixtures.customer(bank);
        assertThat(api.as(customer).post(path("SCOPING"), null).status()).isEqualTo(403);
        assertThat(api.as(engineer)
                        .post("/api/cases/" + kase.number() + "/render/NOPE", null)
                        .status())
                .isEqualTo(400);
    }

    private String path(String template) {
        return "/api/cases/" + kase.number() + "/render/" + template;
    }
}
