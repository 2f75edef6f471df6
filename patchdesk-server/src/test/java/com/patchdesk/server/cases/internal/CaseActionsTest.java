package com.patchdesk.server.cases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseAction;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.NewContact;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@DeskTest
class CaseActionsTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    CaseAccess access;

    @Autowired
    CaseDesk desk;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void offersOnlyTheMovesTheLifecycleAllows() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Moves"));

        String page = page(engineer, ref);

        assertThat(page)
                .contains("<option value=\"SCOPING\">Scoping</option>")
                .doesNotContain("<option value=\"CLOSED\">")
                .doesNotContain("<option value=\"RESOLVED\">");
    }

    @Test
    void forwardMovesComeFirstSoTheUsualNextStepIsPreselected() {
        assertThat(CasePage.offeredMoves(CaseStatus.RESOLVED))
                .containsExactly(CaseStatus.CLOSED, CaseStatus.INVESTIGATING);
        assertThat(CasePage.offeredMoves(CaseStatus.WAITING_FOR_CUSTOMER))
                .containsExactly(CaseStatus.RESOLVED, CaseStatus.INVESTIGATING);
        assertThat(CasePage.offeredMoves(CaseStatus.SCOPING))
                .containsExactly(CaseStatus.INVESTIGATING, CaseStatus.WAITING_FOR_CUSTOMER);
    }

    @Test
    void aCaseIsResolvedConfirmedByTheCustomerAndClosedWithTheSummary() throws Exception {
        Organisation bank = fixtures.organisation("Lifecycle bank");
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(bank);
        CaseRef ref = fixtures.openCase(bank);
        move(engineer, ref, "SCOPING", "").andExpect(flash().attribute("notice", "case.status.changed"));
        move(engineer, ref, "INVESTIGATING", "");
        move(engineer, ref, "RESOLVED", "12 月补丁已可正常安装");

        move(engineer, ref, "CLOSED", "总结")
                .andExpect(flash().attribute("problem", "case.status.refused"))
                .andExpect(flash().attribute("statusNote", "总结"));
        assertThat(statusOf(engineer, ref)).isEqualTo(CaseStatus.RESOLVED);
        assertThat(page(engineer, ref))
                .contains("id=\"close-hint\"")
                .contains(ref.number().value());

        mvc.perform(post("/portal/cases/" + ref.number().value() + "/confirmation")
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(flash().attribute("notice", "portal.confirm.done"));
        move(engineer, ref, "CLOSED", "案例总结：组件缺失，安装新版补丁后解决。")
                .andExpect(flash().attribute("notice", "case.status.changed"));

        assertThat(statusOf(engineer, ref)).isEqualTo(CaseStatus.CLOSED);
        List<CaseEntry> entries = timeline.entries(ref, customer);
        assertThat(entries).anyMatch(e -> e.kind() == EntryKind.CONSENT && e.authorId() == customer.userId());
        assertThat(entries.get(entries.size() - 1).body()).isEqualTo("案例总结：组件缺失，安装新版补丁后解决。");
    }

    @Test
    void aStaleVersionIsRefusedWithoutLosingTheNote() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Stale"));

        mvc.perform(post("/cases/" + ref.number().value() + "/status")
                        .with(as(engineer))
                        .with(csrf())
                        .param("status", "SCOPING")
                        .param("version", "99")
                        .param("note", "范围界定"))
                .andExpect(flash().attribute("problem", "case.status.refused"))
                .andExpect(flash().attribute("statusNote", "范围界定"));
        assertThat(statusOf(engineer, ref)).isEqualTo(CaseStatus.NEW);
    }

    @Test
    void sendsTheEditedReplyToTheCaseContactAndKeepsItOnTheTimeline() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Replies"));
        String subject = "分析更新：请先清除更新缓存";

        mvc.perform(post("/cases/" + ref.number().value() + "/mails")
                        .with(as(engineer))
                        .with(csrf())
                        .param("subject", subject)
                        .param("text", "您好，请按以下步骤操作。"))
                .andExpect(flash().attribute("problem", "case.compose.refused"))
                .andExpect(flash().attribute("mailText", "您好，请按以下步骤操作。"));
        assertThat(timeline.entries(ref, engineer)).noneMatch(e -> e.kind() == EntryKind.MAIL_OUT);

        desk.addContact(engineer, ref, new NewContact("it@bank.example", "许先生", null));
        mvc.perform(post("/cases/" + ref.number().value() + "/mails")
                        .with(as(engineer))
                        .with(csrf())
                        .param("subject", subject)
                        .param("text", "您好，请按以下步骤操作。"))
                .andExpect(flash().attribute("notice", "case.compose.sent"));

        CaseEntry mail = timeline.entries(ref, engineer).stream()
                .filter(e -> e.kind() == EntryKind.MAIL_OUT)
                .findFirst()
                .orElseThrow();
        assertThat(mail.summary())
                .contains("it@bank.example")
                .contains(ref.number().value())
                .contains(subject);
        assertThat(mail.body()).isEqualTo("您好，请按以下步骤操作。");
        assertThat(mail.internal()).isFalse();
    }

    @Test
    void aCustomerCannotSendMailAsTheDesk() throws Exception {
        Organisation organisation = fixtures.organisation("NoSend");
        CaseRef ref = fixtures.openCase(organisation);
        Actor customer = fixtures.customer(organisation);

        mvc.perform(post("/cases/" + ref.number().value() + "/mails")
                        .with(as(customer))
                        .with(csrf())
                        .param("subject", "x")
                        .param("text", "y"))
                .andExpect(status().is4xxClientError());
        assertThat(timeline.entries(ref, fixtures.engineer())).noneMatch(e -> e.kind() == EntryKind.MAIL_OUT);
    }

    @Test
    void logsACallAndANote() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Calls"));

        mvc.perform(post("/cases/" + ref.number().value() + "/calls")
                        .with(as(engineer))
                        .with(csrf())
                        .param("who", "许先生（客户 IT）")
                        .param("at", "2026-03-02T08:30")
                        .param("summary", "确认已清除缓存")
                        .param("body", "客户已重启 Windows 更新服务。"))
                .andExpect(flash().attribute("notice", "case.call.logged"));
        mvc.perform(post("/cases/" + ref.number().value() + "/notes")
                        .with(as(engineer))
                        .with(csrf())
                        .param("text", "怀疑是公用机")
                        .param("internal", "true"))
                .andExpect(flash().attribute("notice", "case.note.added"));
        mvc.perform(post("/cases/" + ref.number().value() + "/calls")
                        .with(as(engineer))
                        .with(csrf())
                        .param("who", " ")
                        .param("summary", "x")
                        .param("body", "保留的内容"))
                .andExpect(flash().attribute("problem", "case.call.invalid"))
                .andExpect(flash().attribute("callBody", "保留的内容"));

        List<CaseEntry> entries = timeline.entries(ref, engineer);
        CaseEntry call = entries.stream()
                .filter(e -> e.kind() == EntryKind.CALL)
                .findFirst()
                .orElseThrow();
        assertThat(call.summary()).contains("许先生（客户 IT）").contains("确认已清除缓存");
        // 08:30 desk time (Asia/Shanghai) is 00:30 UTC.
        assertThat(call.occurredAt()).hasToString("2026-03-02T00:30:00Z");
        assertThat(entries)
                .anyMatch(e ->
                        e.kind() == EntryKind.NOTE && e.internal() && e.body().equals("怀疑是公用机"));
    }

    @Test
    void composesAReplyFromATemplateInTheCaseLanguage() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(fixtures.organisation("Compose"));

        String page = mvc.perform(get("/cases/" + ref.number().value())
                        .param("template", "SCOPING")
                        .with(as(engineer)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("id=\"compose-body\"")
                .contains(ref.number().value())
                .contains("<option value=\"SCOPING\" selected=\"selected\">");
    }

    @Test
    void customersCannotUseTheEngineersActions() throws Exception {
        Organisation bank = fixtures.organisation("No actions");
        Actor customer = fixtures.customer(bank);
        CaseRef ref = fixtures.openCase(bank);

        mvc.perform(post("/cases/" + ref.number().value() + "/status")
                        .with(as(customer))
                        .with(csrf())
                        .param("status", "SCOPING"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/cases/" + ref.number().value() + "/calls")
                        .with(as(customer))
                        .with(csrf())
                        .param("who", "me")
                        .param("summary", "x"))
                .andExpect(status().isForbidden());
        assertThat(statusOf(fixtures.engineer(), ref)).isEqualTo(CaseStatus.NEW);
    }

    private ResultActions move(Actor engineer, CaseRef ref, String target, String note) throws Exception {
        return mvc.perform(post("/cases/" + ref.number().value() + "/status")
                .with(as(engineer))
                .with(csrf())
                .param("status", target)
                .param("note", note));
    }

    private CaseStatus statusOf(Actor viewer, CaseRef ref) {
        return access.require(viewer, ref.number(), CaseAction.VIEW).status();
    }

    private String page(Actor viewer, CaseRef ref) throws Exception {
        return mvc.perform(get("/cases/" + ref.number().value()).with(as(viewer)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
