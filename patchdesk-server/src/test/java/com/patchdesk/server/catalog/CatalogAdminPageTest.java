package com.patchdesk.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** {@code /admin/catalog}: admins see the catalog in use and upload a newer one; a refused file says why. */
@DeskTest
class CatalogAdminPageTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CatalogStore store;

    MockMvc mvc;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        Files.deleteIfExists(store.dir().resolve("catalog.tsv"));
    }

    @Test
    void anAdminUploadsANewerCatalogAndOthersMayNotOpenThePage() throws Exception {
        mvc.perform(get("/admin/catalog").with(as(fixtures.engineer()))).andExpect(status().isForbidden());
        Actor admin = fixtures.admin();
        mvc.perform(get("/admin/catalog").with(as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2026-05-31")));

        mvc.perform(multipart("/admin/catalog")
                        .file(json("{\"Data\": []}"))
                        .with(as(admin))
                        .with(csrf()))
                .andExpect(redirectedUrl("/admin/catalog"))
                .andExpect(flash().attribute("catalogProblem", "the update history lists no update"));

        mvc.perform(multipart("/admin/catalog")
                        .file(json(CatalogAdminTest.JUNE))
                        .with(as(admin))
                        .with(csrf()))
                .andExpect(redirectedUrl("/admin/catalog"))
                .andExpect(flash().attribute("catalogInstalled", true));
        // The accepted catalog is kept where the analysis children read it, not only shown.
        assertThat(store.dir().resolve("catalog.tsv")).exists().content().contains("KB5094123");
        mvc.perform(get("/admin/catalog").with(as(admin)))
                .andExpect(content().string(containsString("2026-06-23")))
                .andExpect(content().string(containsString("uploaded by an admin")));
    }

    private static MockMultipartFile json(String text) {
        return new MockMultipartFile(
                "file", "buildnumbers.json", "application/json", text.getBytes(StandardCharsets.UTF_8));
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
