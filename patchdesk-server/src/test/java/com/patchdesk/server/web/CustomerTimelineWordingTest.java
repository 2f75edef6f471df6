package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.accounts.Role;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * What the customer reads on the portal timeline: status names in their language, never {@code NEW → SCOPING}, and
 * times in their organisation's zone, never a UTC instant as the server wrote it.
 */
@DeskTest
class CustomerTimelineWordingTest {

    private static final java.util.regex.Pattern RAW_STATUS =
            java.util.regex.Pattern.compile("\\b(NEW|SCOPING|INVESTIGATING|WAITING_FOR_CUSTOMER|RESOLVED|CLOSED)\\b");
    private static final java.util.regex.Pattern ISO_INSTANT =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    Organisations organisations;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    CaseLifecycle lifecycle;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    @ParameterizedTest
    @CsvSource({"en, Scoping → Investigating, 2026-12-12 14:30", "zh-CN, 界定范围 → 分析中, 2026-12-12 14:30"})
    void statusChangesAreWordsAndTimesAreLocal(String language, String change, String localTime) throws Exception {
        Organisation branch = organisations.create(
                fixtures.bootstrapAdmin(), "Branch in Berlin " + language + System.nanoTime(), null, "Europe/Berlin");
        Actor customer = fixtures.user(Role.CUSTOMER, branch.id(), language);
        Actor engineer = fixtures.engineer();
        CaseRef ref = fixtures.openCase(branch);
        lifecycle.transition(engineer, ref, CaseStatus.SCOPING, null, null);
        lifecycle.transition(engineer, ref, CaseStatus.INVESTIGATING, null, null);
        timeline.append(
                ref,
                EntryKind.NOTE,
                engineer,
                "Logs received 2026-12-12T13:30:50.996776259Z",
                "We received your logs at 2026-12-12T13:30:50.996776259Z and are reading them.",
                null,
                null,
                false);

        String page = mvc.perform(get("/portal/cases/" + ref.number().value())
                        .with(user(users.loadUserByUsername(customer.email()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String timelineHtml = page.substring(page.indexOf("class=\"timeline\""));

        assertThat(timelineHtml).contains(change).contains("Logs received " + localTime);
        assertThat(RAW_STATUS.matcher(timelineHtml).find()).as(timelineHtml).isFalse();
        assertThat(ISO_INSTANT.matcher(timelineHtml).find()).as(timelineHtml).isFalse();
    }
}
