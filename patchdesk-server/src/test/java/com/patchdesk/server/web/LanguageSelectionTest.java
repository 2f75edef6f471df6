package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.accounts.UserAccounts;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@DeskTest
class LanguageSelectionTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    UserAccounts accounts;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void theSignInPageFollowsTheBrowserOrTheRememberedChoice() throws Exception {
        mvc.perform(get("/login").header("Accept-Language", "fr-FR, zh-TW;q=0.8, en;q=0.5"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<html lang=\"zh-CN\"")))
                .andExpect(content().string(containsString("登录 Patchdesk")));
        mvc.perform(get("/login").header("Accept-Language", "de-DE"))
                .andExpect(content().string(containsString("<html lang=\"en\"")));
        mvc.perform(get("/login")
                        .header("Accept-Language", "en")
                        .cookie(new Cookie(ConsoleLocaleResolver.COOKIE, "zh-CN")))
                .andExpect(content().string(containsString("<html lang=\"zh-CN\"")));
    }

    @Test
    void aSignedInUserGetsTheirStoredLanguageWhateverTheBrowserSays() throws Exception {
        Actor engineer = fixtures.user(Role.ENGINEER, null, "zh-CN");

        mvc.perform(get("/help")
                        .with(as(engineer))
                        .header("Accept-Language", "en")
                        .cookie(new Cookie(ConsoleLocaleResolver.COOKIE, "en")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<html lang=\"zh-CN\"")));
    }

    @Test
    void switchingLanguageIsStoredWithTheUserAndRememberedInACookie() throws Exception {
        Actor engineer = fixtures.engineer();

        var response = mvc.perform(get("/help").param("lang", "zh-CN").with(as(engineer)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("使用 Patchdesk")))
                .andReturn()
                .getResponse();

        assertThat(accounts.find(engineer.userId()).orElseThrow().locale()).isEqualTo("zh-CN");
        Cookie remembered = response.getCookie(ConsoleLocaleResolver.COOKIE);
        assertThat(remembered).isNotNull();
        assertThat(remembered.getValue()).isEqualTo("zh-CN");
        assertThat(remembered.isHttpOnly()).isTrue();
    }

    /**
     * A language link on another site, or an image there, shows the page in that language and remembers nothing: a GET
     * from anywhere must not change a signed-in user's stored language. Nor does the API take {@code ?lang=}.
     */
    @Test
    void aLanguageChosenFromAnotherSiteOrThroughTheApiIsNotStored() throws Exception {
        Actor engineer = fixtures.engineer();

        var response = mvc.perform(get("/help")
                        .param("lang", "zh-CN")
                        .header("Sec-Fetch-Site", "cross-site")
                        .with(as(engineer)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<html lang=\"zh-CN\"")))
                .andReturn()
                .getResponse();
        assertThat(response.getCookie(ConsoleLocaleResolver.COOKIE)).isNull();
        assertThat(accounts.find(engineer.userId()).orElseThrow().locale()).isEqualTo("en");

        ApiClient.Response me = api.as(engineer).get("/api/users/me?lang=zh-CN");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(ConsoleLocaleResolver.COOKIE));
        assertThat(accounts.find(engineer.userId()).orElseThrow().locale()).isEqualTo("en");

        mvc.perform(get("/help")
                        .param("lang", "zh-CN")
                        .header("Sec-Fetch-Site", "same-origin")
                        .with(as(engineer)))
                .andExpect(status().isOk());
        assertThat(accounts.find(engineer.userId()).orElseThrow().locale())
                .as("chosen on our own page")
                .isEqualTo("zh-CN");
    }

    @Test
    void anUnknownOrMalformedLanguageIsIgnored() throws Exception {
        Actor engineer = fixtures.engineer();
        for (String lang : new String[] {"fr", "<script>", "de_DE", ""}) {
            var response = mvc.perform(get("/help").param("lang", lang).with(as(engineer)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("<html lang=\"en\"")))
                    .andReturn()
                    .getResponse();
            assertThat(response.getCookie(ConsoleLocaleResolver.COOKIE))
                    .as(lang)
                    .isNull();
        }
        assertThat(accounts.find(engineer.userId()).orElseThrow().locale()).isEqualTo("en");
    }

    @Test
    void languageLinksKeepThePathAndTheOtherQueryParameters() throws Exception {
        String page = mvc.perform(get("/help").queryParam("q", "补丁 KB5032196").with(as(fixtures.engineer())))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("href=\"/help?q=%E8%A1%A5%E4%B8%81%20KB5032196&amp;lang=zh-CN\"");
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
