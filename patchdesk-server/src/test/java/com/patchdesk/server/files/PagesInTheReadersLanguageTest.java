package com.patchdesk.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * What the server writes itself reads in the reader's language on a zh-CN page: the timeline's sentences about
 * uploads and links, the severities of a diagnosis entry (console and portal), the notice of an edit conflict, and
 * the audit page (words, sizes, local times).
 */
@DeskTest
class PagesInTheReadersLanguageTest {

    private static final Pattern ISO_INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    UploadLinks uploadLinks;

    @Autowired
    CaseUploads uploads;

    @Autowired
    CasePublications publications;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    CaseLifecycle lifecycle;

    MockMvc mvc;
    Actor engineer;
    Actor customer;
    CaseRef ref;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        Organisation bank = fixtures.organisation("湖北农信");
        engineer = fixtures.user(Role.ENGINEER, null, "zh-CN");
        customer = fixtures.user(Role.CUSTOMER, bank.id(), "zh-CN");
        ref = fixtures.openCase(bank);
    }

    @Test
    void fileAndLinkEntriesOfTheTimelineAreInChinese() throws Exception {
        uploadLinks.create(ref, engineer, Instant.parse("2026-12-14T18:51:18.452694751Z"), 4L << 30, 5);
        CaseFile file = uploads.receive(
                        ref,
                        null,
                        "CBS.log",
                        new ByteArrayInputStream(new byte[97_894]),
                        Long.MAX_VALUE,
                        TusUploads.ARRIVAL)
                .file();
        publications.publish(ref, engineer, file, Instant.parse("2026-12-20T00:00:00Z"), 3);

        String page = timelineOf(page("/cases/" + ref.number().value(), engineer));

        assertThat(page)
                .contains("通过上传链接上传：CBS.log（95.6 KiB）")
                .contains("已创建上传链接", "有效期至 2026-12-15 02:51")
                .contains("最多 5 个文件，每个不超过 4.0 GiB")
                .contains("已发布 CBS.log 供下载", "最多下载 3 次")
                .doesNotContain("Uploaded through", "created until", "file(s)", "Published ", "at most");
        assertThat(ISO_INSTANT.matcher(page).find()).as(page).isFalse();
    }

    @Test
    void severitiesInADiagnosisEntryAreWordsOfTheReadersLanguage() throws Exception {
        timeline.append(
                ref,
                EntryKind.DIAGNOSIS,
                null,
                "诊断完成：CBS.zip —— 2 项发现",
                "- [error] 组件存储损坏\n  - [info] 已安装 KB5032196",
                "diagnosis",
                null,
                false);

        for (String page : new String[] {
            page("/cases/" + ref.number().value(), engineer),
            page("/portal/cases/" + ref.number().value(), customer)
        }) {
            assertThat(timelineOf(page))
                    .contains("- [错误] 组件存储损坏", "- [信息] 已安装 KB5032196")
                    .doesNotContain("[error]", "[info]");
        }
    }

    @Test
    void anEditConflictIsToldInChineseWithoutTheApisText() throws Exception {
        lifecycle.transition(engineer, ref, CaseStatus.SCOPING, null, null);

        MvcResult header = mvc.perform(post("/cases/" + ref.number().value() + "/header")
                        .with(user(users.loadUserByUsername(engineer.email())))
                        .with(csrf())
                        .param("version", "0")
                        .param("title", "新的标题")
                        .param("priority", "P1"))
                .andReturn();
        MvcResult move = mvc.perform(post("/cases/" + ref.number().value() + "/status")
                        .with(user(users.loadUserByUsername(engineer.email())))
                        .with(csrf())
                        .param("version", "0")
                        .param("status", "INVESTIGATING"))
                .andReturn();

        for (MvcResult refused : new MvcResult[] {header, move}) {
            String page = mvc.perform(get("/cases/" + ref.number().value())
                            .with(user(users.loadUserByUsername(engineer.email())))
                            .flashAttrs(refused.getFlashMap()))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).contains("其他人修改了此案例").doesNotContain("is at version", "reload");
        }
    }

    @Test
    void theAuditPageSaysWhatHappenedInChineseWithSizesAndLocalTimes() throws Exception {
        uploadLinks.create(ref, engineer, Instant.parse("2026-12-14T18:51:18.452694751Z"), 4L << 30, 5);
        lifecycle.transition(engineer, ref, CaseStatus.SCOPING, null, null);

        String page = page("/cases/" + ref.number().value() + "/audit", engineer);
        String table = page.substring(page.indexOf("<table"));

        assertThat(table)
                .contains("案例：已创建", "上传链接：已创建", "单个文件上限", "4.0 GiB", "2026-12-15 02:51", "界定范围")
                .doesNotContain("case: created", "maxBytes", "4294967296", ">SCOPING<");
        assertThat(ISO_INSTANT.matcher(table).find()).as(table).isFalse();
    }

    private String page(String path, Actor reader) throws Exception {
        return mvc.perform(get(path).with(user(users.loadUserByUsername(reader.email()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private static String timelineOf(String page) {
        return page.substring(page.indexOf("class=\"timeline\""));
    }
}
