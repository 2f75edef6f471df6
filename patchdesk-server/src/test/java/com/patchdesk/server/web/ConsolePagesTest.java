package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.PasswordResets;
import com.patchdesk.server.cases.CaseDismissals;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.InvalidTransitionException;
import com.patchdesk.server.problems.VersionMismatchException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Who may use the console pages of issue 22 (admin area, mail review, audit trail), the forgotten-password token
 * rules, and closing a duplicate or spam case.
 */
@DeskTest
class ConsolePagesTest {

    private static final String[] ADMIN_PAGES = {
        "/admin",
        "/admin/organisations",
        "/admin/users",
        "/admin/templates",
        "/admin/templates/SCOPING/en",
        "/admin/sla"
    };

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    PasswordResets resets;

    @Autowired
    CaseDismissals dismissals;

    @Autowired
    CaseLifecycle lifecycle;

    @Autowired
    CaseSearch search;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @Test
    void customersAndEngineersCannotReachTheAdminArea() throws Exception {
        Organisation bank = fixtures.organisation("Admin-refused bank");
        for (Actor notAdmin : new Actor[] {fixtures.customer(bank), fixtures.engineer()}) {
            for (String page : ADMIN_PAGES) {
                mvc.perform(get(page).with(as(notAdmin))).andExpect(status().isForbidden());
            }
            mvc.perform(post("/admin/organisations")
                            .with(as(notAdmin))
                            .with(csrf())
                            .param("name", "Sneaky"))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/admin/users")
                            .with(as(notAdmin))
                            .with(csrf())
                            .param("email", "x@y.example")
                            .param("displayName", "x")
                            .param("password", "long-enough-pw")
                            .param("role", "ADMIN"))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/admin/templates/SCOPING/en")
                            .with(as(notAdmin))
                            .with(csrf())
                            .param("version", "0")
                            .param("subject", "s")
                            .param("body", "b"))
                    .andExpect(status().isForbidden());
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM organisations WHERE name = 'Sneaky'")
                        .query(Long.class)
                        .single())
                .isZero();
        mvc.perform(get("/admin/users")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        Actor admin = fixtures.admin();
        for (String page : ADMIN_PAGES) {
            mvc.perform(get(page).with(as(admin))).andExpect(status().isOk());
        }
    }

    @Test
    void customersCannotSeeHeldOrRejectedMailOrTheAuditTrail() throws Exception {
        Organisation bank = fixtures.organisation("Mail-refused bank");
        Actor customer = fixtures.customer(bank);
        CaseRef own = fixtures.openCase(bank);
        mvc.perform(get("/mail/held").with(as(customer))).andExpect(status().isForbidden());
        mvc.perform(get("/mail/rejected").with(as(customer))).andExpect(status().isForbidden());
        mvc.perform(post("/mail/held/1/accept").with(as(customer)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get("/cases/" + own.number().value() + "/audit").with(as(customer)))
                .andExpect(status().is4xxClientError());
        mvc.perform(post("/cases/" + own.number().value() + "/dismissal")
                        .with(as(customer))
                        .with(csrf())
                        .param("version", "0")
                        .param("reason", "SPAM")
                        .param("note", "x"))
                .andExpect(status().is4xxClientError());
        assertThat(search.one(own).status()).isEqualTo(CaseStatus.NEW);

        Actor engineer = fixtures.engineer();
        mvc.perform(get("/mail/held").with(as(engineer))).andExpect(status().isOk());
        mvc.perform(get("/mail/rejected").with(as(engineer))).andExpect(status().isOk());
        mvc.perform(get("/cases/" + own.number().value() + "/audit").with(as(engineer)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Case: created")));
    }

    @Test
    void anEngineerRejectsHeldMailWithAReasonOnce() throws Exception {
        Organisation bank = fixtures.organisation("Held bank");
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO held_mail (identity, organisation_id, from_address, subject, reason, raw_message, held_at)
                VALUES (:identity, :org, 'mallory@bank.example', 'Re: [CAS-00001-AAAAAA] 请点击此链接', 'dmarc=fail',
                        :raw, CURRENT_TIMESTAMP)""")
                .param("identity", "forged-" + System.nanoTime())
                .param("org", bank.id())
                .param("raw", "From: mallory@bank.example\r\n\r\nx".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .update(key, "id");
        long id = key.getKeyAs(Long.class);
        Actor engineer = fixtures.engineer();
        mvc.perform(get("/mail/held").with(as(engineer)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("请点击此链接")))
                .andExpect(content().string(containsString("dmarc=fail")));
        mvc.perform(post("/mail/held/" + id + "/reject")
                        .with(as(engineer))
                        .with(csrf())
                        .param("note", "伪造的发件人"))
                .andExpect(redirectedUrl("/mail/held"))
                .andExpect(flash().attribute("notice", "mail.held.rejected"));
        assertThat(jdbc.sql("SELECT decision || ' ' || decision_note FROM held_mail WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("REJECTED 伪造的发件人");
        mvc.perform(post("/mail/held/" + id + "/accept").with(as(engineer)).with(csrf()))
                .andExpect(flash().attribute("problem", "mail.held.refused"));
    }

    @Test
    void aResetTokenWorksOnceAndOnlyUntilItExpires() {
        Actor customer = fixtures.customer(fixtures.organisation("Reset bank"));
        assertThat(resets.issue("nobody-" + System.nanoTime() + "@reset.example"))
                .isEmpty();

        String token = resets.issue(customer.email()).orElseThrow().token();
        String secret = token.substring(token.indexOf('.') + 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(jdbc.sql("SELECT token_hash FROM password_reset_tokens WHERE id = :id")
                        .param("id", Long.parseLong(token.substring(0, token.indexOf('.'))))
                        .query(String.class)
                        .single())
                .as("only a hash is stored")
                .isNotEqualTo(secret)
                .hasSize(64);
        assertThat(resets.usable(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")))
                .isFalse();
        assertThat(resets.usable("garbage")).isFalse();
        assertThat(resets.reset(token, "copper-meadow-falcon-62")).isTrue();
        assertThat(resets.reset(token, "silver-canyon-otter-95"))
                .as("single use")
                .isFalse();

        String late = resets.issue(customer.email()).orElseThrow().token();
        clock.advance(PasswordResets.VALID_FOR.plus(Duration.ofSeconds(1)));
        assertThat(resets.usable(late)).isFalse();
        assertThat(resets.reset(late, "indigo-lagoon-beacon-37")).isFalse();
    }

    @Test
    void askingForAResetAnswersTheSameForKnownAndUnknownAddresses() throws Exception {
        Actor customer = fixtures.customer(fixtures.organisation("Enumeration bank"));
        for (String email : new String[] {customer.email(), "ghost-" + System.nanoTime() + "@enum.example"}) {
            mvc.perform(post("/password/forgot").with(csrf()).param("email", email))
                    .andExpect(redirectedUrl("/password/forgot"))
                    .andExpect(flash().attribute("notice", "password.forgot.sent"));
        }
        mvc.perform(get("/password/reset").param("token", "1.wrong"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("reset-unusable")));
    }

    @Test
    void staffCloseADuplicateFromAnyOpenStatusWithoutConsentButNotAResolvedCase() {
        Actor engineer = fixtures.engineer();
        Organisation bank = fixtures.organisation("Duplicate bank");
        CaseRef fresh = fixtures.openCase(bank);
        long version = search.one(fresh).version();
        assertThatThrownBy(
                        () -> dismissals.dismiss(engineer, fresh, CaseDismissals.Reason.DUPLICATE, "dup", version - 1))
                .isInstanceOf(VersionMismatchException.class);
        dismissals.dismiss(engineer, fresh, CaseDismissals.Reason.DUPLICATE, "same as CAS-10610-F5B0M9", version);
        assertThat(search.one(fresh).status()).isEqualTo(CaseStatus.CLOSED);

        CaseRef resolved = fixtures.openCase(bank);
        for (CaseStatus next : new CaseStatus[] {CaseStatus.SCOPING, CaseStatus.INVESTIGATING, CaseStatus.RESOLVED}) {
            lifecycle.transition(engineer, resolved, next, null, null);
        }
        long resolvedVersion = search.one(resolved).version();
        assertThatThrownBy(() ->
                        dismissals.dismiss(engineer, resolved, CaseDismissals.Reason.SPAM, "spam", resolvedVersion))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(
                        () -> dismissals.dismiss(engineer, fixtures.openCase(bank), CaseDismissals.Reason.SPAM, " ", 0))
                .hasMessageContaining("say why");
    }

    @Test
    void theNoteOnADuplicateIsForStaffOnlyTheCustomerSeesTheCaseClosed() throws Exception {
        Actor engineer = fixtures.engineer();
        Organisation bank = fixtures.organisation("Dismissal note bank");
        Actor customer = fixtures.customer(bank);
        CaseRef dup = fixtures.openCase(bank);
        String note = "same as CAS-10610-F5B0M9, 另一家客户";
        dismissals.dismiss(
                engineer,
                dup,
                CaseDismissals.Reason.DUPLICATE,
                note,
                search.one(dup).version());

        assertThat(timeline.entries(dup, customer))
                .anySatisfy(e -> assertThat(e.kind()).isEqualTo(EntryKind.STATUS_CHANGE))
                .noneSatisfy(e -> assertThat(e.body()).contains("CAS-10610"))
                .noneSatisfy(e -> assertThat(e.summary()).contains("CAS-10610"));
        mvc.perform(get("/portal/cases/" + dup.number().value()).with(as(customer)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("CAS-10610"))));

        assertThat(timeline.entries(dup, engineer)).anySatisfy(e -> {
            assertThat(e.internal()).isTrue();
            assertThat(e.body()).isEqualTo(note);
        });
        mvc.perform(get("/cases/" + dup.number().value()).with(as(engineer)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("CAS-10610")));
    }

    private RequestPostProcessor as(Actor actor) {
        return user(users.loadUserByUsername(actor.email()));
    }
}
