package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@DeskTest
class CasesApiTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    Organisation bank;
    Actor customer;

    @BeforeEach
    void setUp() {
        bank = fixtures.organisation("中国银行");
        customer = fixtures.customer(bank);
    }

    @Test
    void controlCharactersInRequestTextAre400NamingTheFieldButTabsAndNewlinesPass() {
        Map<String, Object> request = validCase();
        request.put("title", "x\u0000y");

        ApiClient.Response refused = api.as(customer).post("/api/cases", request);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString())
                .isEqualTo("title");
        assertThat(refused.body()).contains("U+0000");
        request.put("title", "x\u001by");
        assertThat(api.as(customer).post("/api/cases", request).status()).isEqualTo(400);

        request.put("title", "ok");
        request.put("description", "line 1\r\n\tline 2");
        ApiClient.Response created = api.as(customer).post("/api/cases", request);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String notes = "/api/cases/" + created.json().path("number").asString() + "/notes";
        ApiClient.Response note = api.as(customer).post(notes, Map.of("summary", "a\u0000b"));
        assertThat(note.status()).as(note.toString()).isEqualTo(400);
        assertThat(note.json().path("errors").get(0).path("field").asString()).isEqualTo("summary");

        ApiClient.Response searched = api.as(customer).get("/api/cases?q=a%00b");
        assertThat(searched.status()).as(searched.toString()).isEqualTo(400);
        assertThat(api.as(customer).get("/api/cases?q=%00").status()).isEqualTo(400);
        request.put("title", "invoice\u202Efdp.exe");
        ApiClient.Response spoofed = api.as(customer).post("/api/cases", request);
        assertThat(spoofed.status()).as(spoofed.toString()).isEqualTo(400);
        assertThat(spoofed.body()).contains("U+202E");
    }

    @Test
    void chineseTextSurvivesTheRoundTripThroughTheApi() {
        Map<String, Object> request = validCase();
        request.put("title", "KB5032196 安装失败，错误 0x800f0986 —— 请协助");
        request.put("description", "银行网点 PC（V2020-L 1809，内部版本 17763.774）无法安装累积更新。\n日志见附件。");

        ApiClient.Response created = api.as(customer).post("/api/cases", request);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String number = created.json().path("number").asString();
        assertThat(created.header("Location")).isEqualTo("/api/cases/" + number);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        JsonNode read = api.as(customer).get("/api/cases/" + number).json();
        assertThat(read.path("title").asString()).isEqualTo(request.get("title"));
        assertThat(read.path("description").asString()).isEqualTo(request.get("description"));
        assertThat(read.path("organisationName").asString()).isEqualTo(bank.name());
        assertThat(read.path("osBuildFamily").asInt()).isEqualTo(17763);
        assertThat(read.path("status").asString()).isEqualTo("NEW");
    }

    @Test
    void invalidFieldsGetA400ProblemListingEachField() {
        Map<String, Object> request = validCase();
        request.put("title", " ");
        request.put("reportedKb", "5032196");
        request.remove("priority");

        ApiClient.Response response = api.as(customer).post("/api/cases", request);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json()
                        .path("errors")
                        .valueStream()
                        .map(e -> e.path("field").asString()))
                .containsExactlyInAnyOrder("title", "reportedKb", "priority");
    }

    @Test
    void unreadableJsonAndUnknownEnumValuesAre400NotServerErrors() {
        assertThat(api.as(customer).post("/api/cases", "{\"title\": ").status()).isEqualTo(400);
        Map<String, Object> request = validCase();
        request.put("priority", "P9");
        assertThat(api.as(customer).post("/api/cases", request).status()).isEqualTo(400);
    }

    @Test
    void anotherOrganisationsCaseAnswersExactlyLikeAMissingOne() {
        String number = fixtures.openCase(bank).number().value();
        Actor stranger = fixtures.customer(fixtures.organisation("Stranger Bank"));

        ApiClient.Response foreign = api.as(stranger).get("/api/cases/" + number);
        ApiClient.Response missing = api.as(stranger).get("/api/cases/CAS-00000-ZZZZZZ");
        ApiClient.Response malformed = api.as(stranger).get("/api/cases/not-a-number");

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(foreign.json().path("detail").asString()).isEqualTo("no case " + number);
        assertThat(foreign.json().path("title").asString())
                .isEqualTo(missing.json().path("title").asString());
        assertThat(api.as(stranger).get("/api/cases/" + number + "/entries").status())
                .isEqualTo(404);
    }

    private Map<String, Object> validCase() {
        Map<String, Object> request = new HashMap<>();
        request.put("title", "Update fails");
        request.put("priority", "P2");
        request.put("productVersion", "V2020-L 1809");
        request.put("reportedKb", "KB5032196");
        request.put("reportedError", "0x800f0986");
        return request;
    }

    @Test
    void theTimelineIsPagedByEntryWithALinkToTheNextPage() {
        Organisation bank = fixtures.organisation("兴业银行");
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(bank);
        String number = fixtures.openCase(bank).number().value();
        // Same clock for every note: the cursor must break ties between equal times by entry.
        for (int i = 0; i < 7; i++) {
            api.as(engineer)
                    .post("/api/cases/" + number + "/notes", Map.of("summary", "备注 " + i, "internal", i % 3 == 0));
        }
        java.util.List<String> everything = summaries(
                api.as(engineer).get("/api/cases/" + number + "/entries").json());

        java.util.List<String> paged = new java.util.ArrayList<>();
        String next = "/api/cases/" + number + "/entries?limit=3";
        int pages = 0;
        while (next != null) {
            ApiClient.Response page = api.as(engineer).get(next);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(3);
            paged.addAll(summaries(page.json()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            pages++;
        }
        assertThat(paged).isEqualTo(everything).doesNotHaveDuplicates().contains("备注 0", "备注 6");
        assertThat(pages).isEqualTo((everything.size() + 2) / 3);

        JsonNode customerPage = api.as(customer)
                .get("/api/cases/" + number + "/entries?limit=100")
                .json();
        assertThat(summaries(customerPage))
                .doesNotContain("备注 0", "备注 3", "备注 6")
                .contains("备注 1");
        long internalId = api.as(engineer)
                .get("/api/cases/" + number + "/entries")
                .json()
                .valueStream()
                .filter(e -> e.path("summary").asString().equals("备注 3"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
        assertThat(api.as(customer)
                        .get("/api/cases/" + number + "/entries?after=" + internalId)
                        .status())
                .as("an internal entry is no cursor for a customer")
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/entries?limit=0")
                        .status())
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/entries?limit=5000")
                        .status())
                .isEqualTo(400);
    }

    private static java.util.List<String> summaries(JsonNode entries) {
        return entries.valueStream().map(e -> e.path("summary").asString()).toList();
    }
}
