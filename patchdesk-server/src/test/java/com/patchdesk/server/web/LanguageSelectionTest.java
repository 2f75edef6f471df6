package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:language-selection;DB_CLOSE_DELAY=-1")
class LanguageSelectionTest {

    @Autowired WebApplicationContext context;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @Test
    void followsTheBrowserWhenNothingWasChosen() throws Exception {
        mvc.perform(get("/help").with(user("reader")).header("Accept-Language", "fr-FR, zh-TW;q=0.8, en;q=0.5"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"zh-CN\"")));
        mvc.perform(get("/help").with(user("reader")).header("Accept-Language", "de-DE"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"en\"")));
    }

    @Test
    void aLangParameterSwitchesThePageAndIsRememberedInACookie() throws Exception {
        var switched = mvc.perform(get("/help").param("lang", "zh-CN").with(user("reader")).header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("使用 Patchdesk")))
                .andReturn().getResponse();
        Cookie remembered = switched.getCookie(ConsoleLocaleResolver.COOKIE);
        assertThat(remembered).isNotNull();
        assertThat(remembered.getValue()).isEqualTo("zh-CN");
        assertThat(remembered.isHttpOnly()).isTrue();

        mvc.perform(get("/help").with(user("reader")).cookie(remembered).header("Accept-Language", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"zh-CN\"")));
    }

    @Test
    void anUnknownOrMalformedLanguageIsIgnored() throws Exception {
        for (String lang : new String[] {"fr", "<script>", "de_DE", ""}) {
            var response = mvc.perform(get("/help").param("lang", lang).with(user("reader")).header("Accept-Language", "en"))
                    .andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("<html lang=\"en\"")))
                    .andReturn().getResponse();
            assertThat(response.getCookie(ConsoleLocaleResolver.COOKIE)).as(lang).isNull();
        }
    }

    @Test
    void languageLinksKeepThePathAndTheOtherQueryParameters() throws Exception {
        String page = mvc.perform(get("/help").queryParam("q", "补丁 KB5032196").param("lang", "en").with(user("reader")))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("href=\"/help?q=%E8%A1%A5%E4%B8%81%20KB5032196&amp;lang=zh-CN\"");
    }
}
