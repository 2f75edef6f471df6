package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseChanges;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engineer's day in a real browser (docs/engineer-day.md): a customer's portal reply brings a waiting case back
 * to its owner, at the top of their attention list, with a notification mail; assignment, queues, merge and bulk
 * actions from the console.
 */
@Tag("browser")
@DeskTest
@ExtendWith(HeadlessChromium.class)
class EngineerDayBrowserTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseSearch views;

    @Autowired
    CaseLifecycle lifecycle;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    static final GreenMail MAIL_SERVER = startMailServer();

    private static GreenMail startMailServer() {
        GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL_SERVER.getSmtp().getPort());
        registry.add("patchdesk.mail.domain", () -> "patchdesk.test");
        registry.add("patchdesk.mail.from", () -> "support@patchdesk.test");
        registry.add("patchdesk.mail.outbox.interval", () -> "PT1S");
        registry.add("patchdesk.attention.mail-interval", () -> "PT1S");
    }

    @AfterAll
    static void stopMailServer() {
        MAIL_SERVER.stop();
    }

    @Test
    void aPortalReplyBringsTheWaitingCaseBackToItsOwnerFirstInTheAttentionListWithAMail(Browser browser)
            throws Exception {
        Organisation bank = fixtures.organisation("招商银行 CMB");
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(bank);
        // Another of the engineer's cases is close to its SLA target: it is on the list too, but below the reply.
        CaseRef urgent = owned(fixtures.openCase(bank), engineer);
        CaseRef waiting = owned(fixtures.openCase(bank), engineer);
        lifecycle.transition(engineer, waiting, CaseStatus.SCOPING, null, null);
        lifecycle.transition(engineer, waiting, CaseStatus.INVESTIGATING, null, null);
        timeline.append(waiting, EntryKind.NOTE, engineer, "请上传 CBS 日志", "请上传 CBS 日志。", null, null, false);
        waiting = lifecycle.transition(engineer, waiting, CaseStatus.WAITING_FOR_CUSTOMER, null, null);
        clock.advance(Duration.ofHours(3));
        assertThat(views.one(waiting).sla().paused()).isTrue();

        browser.signIn(customer.email(), DeskFixtures.PASSWORD)
                .open("/portal/cases/" + waiting.number().value());
        browser.type("#reply-text", "日志已上传到共享目录，请查看。").submit("#reply-heading + form button");
        assertThat(browser.text(".alert-info")).isNotBlank();
        browser.screenshot("day-01-customer-replies-in-portal");

        var after = views.one(waiting);
        assertThat(after.status()).isEqualTo(CaseStatus.INVESTIGATING);
        assertThat(after.ownerId()).isEqualTo(engineer.userId());
        assertThat(after.sla().paused()).as("SLA clocks run again").isFalse();
        assertThat(after.sla().nextDueAt()).isNotNull();

        browser.signIn(engineer.email(), DeskFixtures.PASSWORD).open("/attention");
        assertThat(browser.text("#nav-attention")).isEqualTo("My attention (2)");
        var rows = browser.findAll(".attention-row");
        assertThat(rows)
                .extracting(row -> row.getDomAttribute("data-case"))
                .containsExactly(waiting.number().value(), urgent.number().value());
        assertThat(rows.get(0).getText()).contains("The customer replied");
        assertThat(rows.get(1).getText()).contains("SLA target due");
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("day-02-engineer-attention-list");

        MimeMessage mail = awaitMailTo(engineer.email());
        assertThat(mail.getSubject()).isEqualTo("Patchdesk: 1 case(s) need your attention");
        assertThat(((String) mail.getContent()))
                .contains(waiting.number().value())
                .contains("The customer replied");
        assertThat(Arrays.stream(MAIL_SERVER.getReceivedMessages())
                        .flatMap(m -> {
                            try {
                                return Arrays.stream(m.getAllRecipients());
                            } catch (jakarta.mail.MessagingException e) {
                                throw new AssertionError(e);
                            }
                        })
                        .map(Object::toString))
                .as("never mailed to the customer")
                .doesNotContain(customer.email());

        // Answering the customer deals with the reply; the SLA reason stays on the urgent case.
        browser.submit(".attention-row[data-case='" + waiting.number().value() + "'] form button");
        assertThat(browser.findAll(".attention-row"))
                .extracting(row -> row.getDomAttribute("data-case"))
                .containsExactly(urgent.number().value());
    }

    @Test
    void assignmentQueueRoutingMergeAndBulkActionsFromTheConsole(Browser browser) {
        Organisation bank = fixtures.organisation("农业银行 ABC");
        Actor admin = fixtures.admin();
        Actor engineer = fixtures.engineer();
        Actor colleague = fixtures.engineer();
        String queueName = "Bank queue " + bank.id();

        // An admin defines a queue for the bank's cases.
        browser.signIn(admin.email(), DeskFixtures.PASSWORD).open("/queues");
        browser.type("#queue-name", queueName)
                .select("#queue-organisation", String.valueOf(bank.id()))
                .submit("#queue-create");
        assertThat(browser.text(".alert-info")).startsWith("The queue was created");
        assertThat(browser.unlabelledControls()).isEmpty();

        // New cases the bank's customers open are routed to it; they are also unassigned.
        CaseRef first = fixtures.openCaseAsCustomer(bank);
        CaseRef second = fixtures.openCaseAsCustomer(bank);
        browser.signIn(engineer.email(), DeskFixtures.PASSWORD).open("/queues");
        assertThat(browser.findAll("section.queue[data-queue='" + queueName + "'] .case-link"))
                .extracting(e -> e.getText())
                .containsExactly(first.number().value(), second.number().value());
        assertThat(browser.findAll("#queue-unassigned .case-link"))
                .extracting(e -> e.getText())
                .contains(first.number().value(), second.number().value());
        browser.screenshot("day-03-queues-and-workload");

        // Assign to me from the case page; then hand it to a colleague.
        browser.open("/cases/" + first.number().value()).submit("#assign-me");
        assertThat(browser.text(".alert-info")).isEqualTo("The owner and queue were saved.");
        assertThat(views.one(first).ownerId()).isEqualTo(engineer.userId());
        browser.select("#assign-owner", String.valueOf(colleague.userId())).submit("#assign-save");
        assertThat(views.one(first).ownerId()).isEqualTo(colleague.userId());
        assertThat(audit(first, "assigned"))
                .containsExactly("null → " + engineer.email(), engineer.email() + " → " + colleague.email());

        // The second case is the same problem: the page suggests the first, and merging keeps both timelines.
        browser.open("/cases/" + second.number().value());
        assertThat(browser.findAll(".duplicates a"))
                .extracting(e -> e.getText())
                .contains(first.number().value());
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("day-04-case-assignment-and-duplicates");
        int before = count("SELECT COUNT(*) FROM case_entries WHERE case_id = " + first.id());
        int moved = count("SELECT COUNT(*) FROM case_entries WHERE case_id = " + second.id());
        browser.type("#merge-into", first.number().value()).submit("#merge-submit");
        assertThat(browser.path()).isEqualTo("/cases/" + first.number().value());
        assertThat(browser.text(".alert-info")).startsWith("The cases were merged");
        assertThat(count("SELECT COUNT(*) FROM case_entries WHERE case_id = " + first.id()))
                .isEqualTo(before + moved + 1);
        assertThat(views.one(second).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(audit(second, "merged")).contains("null → " + first.number().value());
        assertThat(audit(first, "merged")).contains("null → " + second.number().value());

        // Bulk: two more cases of the bank get priority P1 and the engineer as owner from the list.
        CaseRef third = fixtures.openCaseAsCustomer(bank);
        CaseRef fourth = fixtures.openCaseAsCustomer(bank);
        browser.open("/cases?customer=" + bank.id());
        assertThat(browser.text("#cases-total")).isEqualTo("Cases 1–4 of 4");
        for (CaseRef ref : new CaseRef[] {third, fourth}) {
            browser.click("input.bulk-select[value='" + ref.number().value() + "']");
        }
        browser.select("#bulk-value", "PRIORITY:P1").submit("#bulk-submit");
        assertThat(browser.text(".alert-info")).isEqualTo("Every selected case was changed.");
        assertThat(browser.path()).isEqualTo("/cases?customer=" + bank.id());
        for (CaseRef ref : new CaseRef[] {third, fourth}) {
            browser.click("input.bulk-select[value='" + ref.number().value() + "']");
        }
        browser.select("#bulk-value", "OWNER:me").submit("#bulk-submit");
        assertThat(browser.findAll(".bulk-outcomes li.ok")).hasSize(2);
        browser.screenshot("day-05-bulk-change");
        for (CaseRef ref : new CaseRef[] {third, fourth}) {
            assertThat(views.one(ref).priority().name()).isEqualTo("P1");
            assertThat(views.one(ref).ownerId()).isEqualTo(engineer.userId());
            assertThat(audit(ref, "assigned")).containsExactly("null → " + engineer.email());
        }
    }

    /** The audit trail of one action on a case, as "old → new". */
    private java.util.List<String> audit(CaseRef ref, String action) {
        return jdbc.sql("""
                SELECT old_value, new_value FROM audit_log WHERE case_id = :id AND action = :action ORDER BY id""")
                .param("id", ref.id())
                .param("action", action)
                .query((rs, n) -> rs.getString(1) + " → " + rs.getString(2))
                .list();
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private CaseRef owned(CaseRef ref, Actor engineer) {
        desk.update(
                engineer,
                ref,
                views.one(ref).version(),
                new CaseChanges(null, null, null, null, null, null, null, null, engineer.userId(), null, null));
        return ref;
    }

    private static MimeMessage awaitMailTo(String address) {
        return await("a notification mail to " + address)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            for (MimeMessage message : MAIL_SERVER.getReceivedMessages()) {
                                if (Arrays.stream(message.getAllRecipients())
                                        .anyMatch(r -> r.toString().equals(address))) {
                                    return java.util.Optional.of(message);
                                }
                            }
                            return java.util.Optional.<MimeMessage>empty();
                        },
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
