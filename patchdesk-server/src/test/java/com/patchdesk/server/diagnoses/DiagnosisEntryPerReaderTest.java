package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A diagnosis entry of a Chinese case reads in English for an English-speaking engineer (summary, severities, the
 * findings' titles, what is no longer found) and in Chinese for the customer, and the API keeps it in the case's
 * language, as it always gave it.
 */
@DeskTest
class DiagnosisEntryPerReaderTest {

    private static final StoredFinding CORRUPT = new StoredFinding(
            0, 0, "component-store-corrupt", "component-store-corrupt", "error", "Component store corrupt", "组件存储损坏");
    private static final StoredFinding INSTALLED =
            new StoredFinding(1, 1, "kb-installed", "kb-installed", "info", "KB5032196 installed", "已安装 KB5032196");
    private static final StoredFinding GONE =
            new StoredFinding(2, 0, "disk-full", "disk-full", "critical", "Disk full", "磁盘已满");

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseTimeline timeline;

    MockMvc mvc;
    Actor english;
    Actor customer;
    CaseRef ref;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        Organisation bank = fixtures.organisation("广发银行");
        english = fixtures.user(Role.ENGINEER, null, "en");
        customer = fixtures.user(Role.CUSTOMER, bank.id(), "zh-CN");
        ref = fixtures.openCase(bank);
    }

    @Test
    void eachReaderReadsTheDiagnosisInTheirLanguage() throws Exception {
        DiagnosisView view = new DiagnosisView(
                7,
                ref.id(),
                3,
                "CBS.zip",
                "done",
                "failure-diagnosed",
                1,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                List.of(CORRUPT, INSTALLED),
                new FindingChanges(6L, List.of(CORRUPT), List.of(INSTALLED), List.of(GONE)));
        timeline.append(
                ref,
                EntryKind.DIAGNOSIS,
                null,
                DiagnosisText.summary("CBS.zip", view),
                DiagnosisText.body(null, view),
                "diagnosis",
                7L,
                false,
                ref.language());

        assertThat(timelineOf("/cases/" + ref.number().value(), english))
                .contains("Diagnosis of CBS.zip: 2 findings (1 new, 1 still there, 1 fixed)")
                .contains("- [error] Component store corrupt", "  - [info] KB5032196 installed")
                .contains("No longer found: Disk full")
                .doesNotContain("诊断完成", "组件存储损坏");
        assertThat(timelineOf("/portal/cases/" + ref.number().value(), customer))
                .contains("诊断完成：CBS.zip —— 2 项发现（新增 1，仍存在 1，已消失 1）")
                .contains("- [错误] 组件存储损坏", "  - [信息] 已安装 KB5032196", "已不再出现：磁盘已满")
                .doesNotContain("Component store corrupt");
        CaseEntry stored = timeline.entries(ref, english).stream()
                .filter(e -> e.kind() == EntryKind.DIAGNOSIS)
                .findFirst()
                .orElseThrow();
        assertThat(stored.summary()).as("kept in the case's language").startsWith("诊断完成：CBS.zip");
    }

    @Test
    void aBundleThatCouldNotBeReadIsToldInTheReadersLanguage() throws Exception {
        timeline.append(
                ref,
                EntryKind.DIAGNOSIS,
                null,
                DiagnosisText.nothingRead("empty.zip", List.of()),
                null,
                "diagnosis",
                8L,
                false,
                ref.language());

        assertThat(timelineOf("/cases/" + ref.number().value(), english))
                .contains("No log could be read from empty.zip: it is empty");
        assertThat(timelineOf("/portal/cases/" + ref.number().value(), customer))
                .contains("未能从 empty.zip 中读取任何日志：文件为空");
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
