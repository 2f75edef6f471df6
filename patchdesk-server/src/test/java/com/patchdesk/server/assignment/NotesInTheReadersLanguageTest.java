package com.patchdesk.server.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The notes the server writes about duplicates and merges read in each reader's language on the same case (one
 * engineer works in Chinese, another in English), while the API keeps their English text; entries written before
 * they had a wording still show as stored.
 */
@DeskTest
class NotesInTheReadersLanguageTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;
    Actor chinese;
    Actor english;
    CaseRef first;
    CaseRef second;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        Organisation bank = fixtures.organisation("江苏银行");
        chinese = fixtures.user(Role.ENGINEER, null, "zh-CN");
        english = fixtures.user(Role.ENGINEER, null, "en");
        first = fixtures.openCase(bank);
        second = fixtures.openCase(bank);
    }

    @Test
    void aLikelyDuplicateAndItsMergeReadInEachEngineersLanguage() throws Exception {
        String one = first.number().value();
        String two = second.number().value();
        assertThat(timelineOf("/cases/" + two, chinese))
                .contains("可能与 " + one + " 重复", "30 天内同一客户已有相同 KB 和错误代码的案例：" + one)
                .doesNotContain("Likely duplicate");
        assertThat(timelineOf("/cases/" + two, english))
                .contains("Likely duplicate of " + one)
                .doesNotContain("可能与");

        assertThat(api.as(chinese)
                        .post("/api/cases/" + two + "/merge", Map.of("into", one))
                        .status())
                .isEqualTo(200);

        assertThat(timelineOf("/cases/" + two, chinese))
                .contains("已合并到 " + one + "。")
                .doesNotContain("Merged into");
        assertThat(timelineOf("/cases/" + two, english)).contains("Merged into " + one + ".");
        assertThat(timelineOf("/cases/" + one, chinese))
                .contains("已将 " + two + " 合并到本案例", "已移入 ")
                .doesNotContain("into this case", "moved here");
        assertThat(api.as(chinese).get("/api/cases/" + one + "/entries").body())
                .as("the API gives the English text as before")
                .contains("Merged " + two + " into this case", "diagnoses moved here.");
    }

    @Test
    void anEntryWrittenBeforeWordingsShowsAsStored() throws Exception {
        timeline.append(
                first, EntryKind.NOTE, null, "Merged CAS-10001-OLD001 into this case", "3 entries", null, null, true);
        jdbc.sql("UPDATE case_entries SET wording = '{\"summary\":' WHERE case_id = :id")
                .param("id", second.id())
                .update();

        assertThat(timelineOf("/cases/" + first.number().value(), chinese))
                .contains("Merged CAS-10001-OLD001 into this case", "3 entries");
        assertThat(timelineOf("/cases/" + second.number().value(), chinese))
                .as("a wording this release cannot read shows the stored text")
                .contains("Likely duplicate of " + first.number().value());
    }

    @Test
    void anEntryANewerReleaseWordedWithAKeyThisOneLacksShowsAsStored() throws Exception {
        jdbc.sql("UPDATE case_entries SET wording = :wording WHERE case_id = :id")
                .param("wording", "{\"summary\":{\"key\":\"entry.text.fromANewerRelease\",\"args\":[]}}")
                .param("id", second.id())
                .update();

        assertThat(timelineOf("/cases/" + second.number().value(), chinese))
                .contains("Likely duplicate of " + first.number().value());
    }

    private String timelineOf(String path, Actor reader) throws Exception {
        String page = mvc.perform(get(path).with(user(users.loadUserByUsername(reader.email()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return page.substring(page.indexOf("class=\"timeline\""));
    }
}
