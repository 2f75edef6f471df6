package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
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

@DeskTest
class CaseListPageTest {

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
    void listsMatchingCasesAndKeepsTheFiltersInTheForm() throws Exception {
        Organisation bank = fixtures.organisation("List bank");
        CaseRef seed = fixtures.openCase(bank);

        String page = mvc.perform(get("/cases")
                        .param("q", "安装失败")
                        .param("customer", String.valueOf(bank.id()))
                        .param("status", "NEW")
                        .with(as(fixtures.engineer())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains(seed.number().value())
                .contains("value=\"安装失败\"")
                .contains("<option value=\"NEW\" selected=\"selected\">New</option>")
                .contains("<option value=\"" + bank.id() + "\" selected=\"selected\">");
    }

    @Test
    void anUnknownFilterValueIsABadRequestPage() throws Exception {
        mvc.perform(get("/cases").param("status", "DELETED").with(as(fixtures.engineer())))
                .andExpect(status().isBadRequest());
    }

    @Test
    void openingACaseWithInvalidInputShowsTheFormAgainWithTheInputKept() throws Exception {
        Organisation bank = fixtures.organisation("Form bank");

        String page = mvc.perform(post("/cases/new")
                        .with(as(fixtures.engineer()))
                        .with(csrf())
                        .param("title", "补丁安装失败")
                        .param("priority", "P2")
                        .param("organisationId", String.valueOf(bank.id()))
                        .param("reportedKb", "5032196x"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("value=\"补丁安装失败\"")
                .contains("id=\"kb-error\"")
                .contains("aria-invalid=\"true\"");
    }

    @Test
    void openingACaseLeadsToItsPage() throws Exception {
        Organisation bank = fixtures.organisation("New case bank");

        mvc.perform(post("/cases/new")
                        .with(as(fixtures.engineer()))
                        .with(csrf())
                        .param("title", "KB5032196 下载失败")
                        .param("priority", "P2")
                        .param("organisationId", String.valueOf(bank.id()))
                        .param("reportedKb", "KB5032196")
                        .param("reportedError", "0x80248007")
                        .param("language", "zh-CN"))
                .andExpect(redirectedUrlPattern("/cases/CAS-*"));
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
