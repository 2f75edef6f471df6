package com.patchdesk.server.cases.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@DeskTest
class PortalPagesTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    CaseLifecycle lifecycle;

    @Autowired
    CaseAccess access;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void listsOnlyTheCustomersOwnOrganisationsCases() throws Exception {
        Organisation mine = fixtures.organisation("Portal own");
        Organisation theirs = fixtures.organisation("Portal foreign");
        CaseRef own = fixtures.openCase(mine);
        CaseRef foreign = fixtures.openCase(theirs);

        String page = mvc.perform(get("/portal").with(as(fixtures.customer(mine))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains(own.number().value())
                .doesNotContain(foreign.number().value())
                .contains("<html lang=\"zh-CN\"")
                .contains(mine.name() + " 的案例");
    }

    @Test
    void theCaseShowsNoInternalEntries() throws Exception {
        Organisation mine = fixtures.organisation("Portal internal");
        CaseRef own = fixtures.openCase(mine);
        timeline.append(own, EntryKind.NOTE, fixtures.engineer(), "内部：怀疑是公用机", null, null, null, true);
        timeline.append(
                own, EntryKind.MAIL_OUT, fixtures.engineer(), "请清除 SoftwareDistribution 缓存", null, null, null, false);

        String page = mvc.perform(get("/portal/cases/" + own.number().value()).with(as(fixtures.customer(mine))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("请清除 SoftwareDistribution 缓存").doesNotContain("公用机");
    }

    @Test
    void aReplyLandsOnTheTimelineAsTheCustomersVisibleEntry() throws Exception {
        Organisation mine = fixtures.organisation("Portal reply");
        Actor customer = fixtures.customer(mine);
        CaseRef own = fixtures.openCase(mine);

        mvc.perform(post("/portal/cases/" + own.number().value() + "/replies")
                        .with(as(customer))
                        .with(csrf())
                        .param("text", "  已按邮件清除缓存，问题依旧。\n日志已上传。  "))
                .andExpect(redirectedUrl("/portal/cases/" + own.number().value()))
                .andExpect(flash().attribute("notice", "portal.reply.sent"));

        CaseEntry last = timeline.entries(own, customer)
                .get(timeline.entries(own, customer).size() - 1);
        assertThat(last.kind()).isEqualTo(EntryKind.NOTE);
        assertThat(last.authorId()).isEqualTo(customer.userId());
        assertThat(last.internal()).isFalse();
        assertThat(last.body()).isEqualTo("已按邮件清除缓存，问题依旧。\n日志已上传。");
    }

    @Test
    void aReplyToACaseWaitingForTheCustomerReturnsItToTheEngineer() throws Exception {
        Organisation mine = fixtures.organisation("Portal waiting");
        Actor customer = fixtures.customer(mine);
        Actor engineer = fixtures.engineer();
        CaseRef own = fixtures.openCase(mine);
        timeline.append(own, EntryKind.MAIL_OUT, engineer, "请上传日志", null, null, null, false);
        own = lifecycle.transition(engineer, own, CaseStatus.SCOPING, null, null);
        own = lifecycle.transition(engineer, own, CaseStatus.WAITING_FOR_CUSTOMER, null, null);

        mvc.perform(post("/portal/cases/" + own.number().value() + "/replies")
                        .with(as(customer))
                        .with(csrf())
                        .param("text", "日志已上传。"))
                .andExpect(flash().attribute("notice", "portal.reply.sent"));

        assertThat(access.resolve(own.number()).orElseThrow().status()).isEqualTo(CaseStatus.INVESTIGATING);
        CaseEntry last = timeline.entries(own, customer)
                .get(timeline.entries(own, customer).size() - 1);
        assertThat(last.kind()).isEqualTo(EntryKind.STATUS_CHANGE);
        assertThat(last.body()).isEqualTo("The customer replied in the portal.");
    }

    @Test
    void anEmptyOrOverlongReplyIsRefusedAndTheDraftKept() throws Exception {
        Organisation mine = fixtures.organisation("Portal empty");
        Actor customer = fixtures.customer(mine);
        CaseRef own = fixtures.openCase(mine);
        int before = timeline.entries(own, customer).size();
        String overlong = "长".repeat(PortalPages.MAX_REPLY + 1);

        mvc.perform(post("/portal/cases/" + own.number().value() + "/replies")
                        .with(as(customer))
                        .with(csrf())
                        .param("text", "   "))
                .andExpect(flash().attribute("problem", "portal.reply.empty"));
        mvc.perform(post("/portal/cases/" + own.number().value() + "/replies")
                        .with(as(customer))
                        .with(csrf())
                        .param("text", overlong))
                .andExpect(flash().attribute("problem", "portal.reply.tooLong"))
                .andExpect(flash().attribute("replyText", overlong));

        assertThat(timeline.entries(own, customer)).hasSize(before);
    }

    @Test
    void confirmingACaseThatIsNotResolvedRecordsNothing() throws Exception {
        Organisation mine = fixtures.organisation("Portal confirm");
        Actor customer = fixtures.customer(mine);
        CaseRef own = fixtures.openCase(mine);

        mvc.perform(post("/portal/cases/" + own.number().value() + "/confirmation")
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(flash().attribute("problem", "portal.confirm.notResolved"));

        assertThat(timeline.entries(own, customer)).noneMatch(e -> e.kind() == EntryKind.CONSENT);
    }

    @Test
    void aCustomerCannotReplyToAnotherOrganisationsCase() throws Exception {
        CaseRef foreign = fixtures.openCase(fixtures.organisation("Portal other"));
        Actor customer = fixtures.customer(fixtures.organisation("Portal mine"));

        mvc.perform(post("/portal/cases/" + foreign.number().value() + "/replies")
                        .with(as(customer))
                        .with(csrf())
                        .param("text", "hello"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/portal/cases/" + foreign.number().value() + "/confirmation")
                        .with(as(customer))
                        .with(csrf()))
                .andExpect(status().isNotFound());
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
