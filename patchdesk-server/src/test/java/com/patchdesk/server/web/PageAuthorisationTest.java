package com.patchdesk.server.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Who may open which page: staff pages, the customer's own cases, and the same 404 for foreign and missing cases. */
@DeskTest
class PageAuthorisationTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() throws Exception {
        mvc.perform(get("/cases")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/portal")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void aCustomerOpeningAnotherOrganisationsCaseGetsTheSameNotFoundAsForNoCase() throws Exception {
        Organisation mine = fixtures.organisation("Own bank");
        Organisation theirs = fixtures.organisation("Other bank");
        Actor customer = fixtures.customer(mine);
        CaseRef foreign = fixtures.openCase(theirs);

        String foreignPage = mvc.perform(
                        get("/cases/" + foreign.number().value()).with(as(customer)))
                .andExpect(status().isNotFound())
                .andExpect(content().string(not(containsString(foreign.number().value()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        mvc.perform(get("/portal/cases/" + foreign.number().value()).with(as(customer)))
                .andExpect(status().isNotFound());
        String missingPage = mvc.perform(get("/cases/CAS-00000-ZZZZZZ").with(as(customer)))
                .andExpect(status().isNotFound())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // Apart from the per-request CSRF token of the sign-out form, nothing tells the two apart.
        org.assertj.core.api.Assertions.assertThat(withoutCsrfToken(foreignPage))
                .isEqualTo(withoutCsrfToken(missingPage));
    }

    @Test
    void aCustomerIsSentFromTheConsoleCaseUrlToTheirPortalPage() throws Exception {
        Organisation mine = fixtures.organisation("Portal bank");
        Actor customer = fixtures.customer(mine);
        CaseRef own = fixtures.openCase(mine);

        mvc.perform(get("/cases/" + own.number().value()).with(as(customer)))
                .andExpect(redirectedUrl("/portal/cases/" + own.number().value()));
        mvc.perform(get("/").with(as(customer))).andExpect(redirectedUrl("/portal"));
    }

    @Test
    void staffPagesRefuseCustomers() throws Exception {
        Actor customer = fixtures.customer(fixtures.organisation("Refused"));

        mvc.perform(get("/cases").with(as(customer)))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("<html lang=\"zh-CN\"")))
                .andExpect(content().string(containsString("无权操作")));
        mvc.perform(get("/cases/queue").with(as(customer))).andExpect(status().isForbidden());
        mvc.perform(get("/cases/new").with(as(customer))).andExpect(status().isForbidden());
        mvc.perform(post("/cases/new")
                        .with(as(customer))
                        .with(csrf())
                        .param("title", "x")
                        .param("priority", "P1"))
                .andExpect(status().isForbidden());
    }

    @Test
    void anEngineerSeesAnyCaseAndMalformedNumbersAreNotFound() throws Exception {
        Actor engineer = fixtures.engineer();
        CaseRef seed = fixtures.openCase(fixtures.organisation("Any"));

        mvc.perform(get("/cases/" + seed.number().value()).with(as(engineer)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("KB5032196 安装失败 0x800f0986")));
        mvc.perform(get("/cases/not-a-number").with(as(engineer))).andExpect(status().isNotFound());
        mvc.perform(get("/").with(as(engineer))).andExpect(redirectedUrl("/cases"));
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/cases/new")
                        .with(as(fixtures.engineer()))
                        .param("title", "x")
                        .param("priority", "P1"))
                .andExpect(status().isForbidden());
    }

    private static String withoutCsrfToken(String page) {
        return page.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "name=\"_csrf\"")
                .replaceAll("name=\"_csrf\" content=\"[^\"]*\"", "name=\"_csrf\"");
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
