package com.patchdesk.server.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseRef;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * A refused merge is explained in the reader's language: on the console in the page's, in the API's problem
 * {@code detail} in the language the request asks for (Accept-Language), in English when it names none; the
 * problem's {@code title} stays English.
 */
@DeskTest
class RefusalsInTheReadersLanguageTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    MockMvc mvc;
    Actor engineer;
    CaseRef first;
    CaseRef other;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        engineer = fixtures.user(Role.ENGINEER, null, "zh-CN");
        Organisation bank = fixtures.organisation("浙商银行");
        first = fixtures.openCase(bank);
        other = fixtures.openCase(fixtures.organisation("宁波银行"));
    }

    @Test
    void theConsoleSaysWhyInThePagesLanguage() throws Exception {
        String number = first.number().value();
        for (String[] page : new String[][] {{"zh-CN", "案例不能合并到自身"}, {"en", "a case cannot be merged into itself"}}) {
            var flash = mvc.perform(post("/cases/" + number + "/merge")
                            .param("into", number)
                            .param("lang", page[0])
                            .with(user(users.loadUserByUsername(engineer.email())))
                            .with(csrf()))
                    .andReturn()
                    .getFlashMap();
            assertThat(flash.get("problem")).isEqualTo("merge.refused");
            assertThat(flash.get("problemDetail")).as(page[0]).isEqualTo(page[1]);
        }
        var missing = mvc.perform(post("/cases/" + number + "/merge")
                        .param("into", "CAS-99999-NONE99")
                        .param("lang", "zh-CN")
                        .with(user(users.loadUserByUsername(engineer.email())))
                        .with(csrf()))
                .andReturn()
                .getFlashMap();
        assertThat(missing.get("problemDetail")).isEqualTo("没有案例 CAS-99999-NONE99");
    }

    @Test
    void theApiGivesTheDetailInTheLanguageTheRequestAsksFor() {
        String path = "/api/cases/" + other.number().value() + "/merge";
        Map<String, String> into = Map.of("into", first.number().value());

        var chinese = api.as(engineer)
                .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
                .post(path, into);
        var english = api.as(engineer).header("Accept-Language", "en-GB").post(path, into);
        var unnamed = api.as(engineer).post(path, into);

        assertThat(chinese.status()).isEqualTo(400);
        assertThat(chinese.json().path("title").asString()).isEqualTo("Invalid request");
        assertThat(chinese.json().path("detail").asString()).isEqualTo("只能合并同一客户的案例");
        assertThat(chinese.json().path("errors").get(0).path("message").asString())
                .isEqualTo("只能合并同一客户的案例");
        assertThat(english.json().path("detail").asString())
                .isEqualTo("only cases of the same organisation can be merged");
        assertThat(unnamed.json().path("detail").asString())
                .as("a Chinese engineer's script that names no language reads English, as before")
                .isEqualTo("only cases of the same organisation can be merged");
    }
}
