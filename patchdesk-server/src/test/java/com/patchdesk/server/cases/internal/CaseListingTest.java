package com.patchdesk.server.cases.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.NewCase;
import com.patchdesk.server.cases.Priority;
import com.patchdesk.server.cases.SlaState;
import com.patchdesk.server.mail.CaseCorrespondence;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@DeskTest
class CaseListingTest {

    @Autowired
    CaseListing listing;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    CaseCorrespondence correspondence;

    @Autowired
    ApiClient api;

    @Test
    void findsChineseWordsInsideUnspacedTextOfCasesAndTheirMail() {
        Organisation bank = fixtures.organisation("工商银行");
        Actor engineer = fixtures.engineer();
        CaseRef byTitle = fixtures.openCase(bank);
        CaseRef byMail = open(engineer, bank, "Update fails on teller PC", Priority.P3, null, null);
        timeline.append(
                byMail,
                EntryKind.MAIL_IN,
                null,
                "回复: 补丁问题",
                "用户在12/28尝试进行补丁更新，但在补丁下载过程中出现0x80248007的报错",
                "mail_message",
                null,
                false);

        assertThat(numbers(engineer, filter("安装失败"))).contains(number(byTitle)).doesNotContain(number(byMail));
        assertThat(numbers(engineer, filter("下载过程"))).contains(number(byMail)).doesNotContain(number(byTitle));
        assertThat(numbers(engineer, filter("补丁 0x80248007"))).containsExactly(number(byMail));
        assertThat(numbers(engineer, filter(number(byMail).toLowerCase()))).containsExactly(number(byMail));
        // Two- and one-character Chinese words, and words mixing Chinese with Latin, on H2 and PostgreSQL alike.
        // (Within this organisation: other tests' cases share the database.)
        assertThat(numbers(engineer, filter("报错", bank))).containsExactly(number(byMail));
        assertThat(numbers(engineer, filter("载", bank))).containsExactly(number(byMail));
        assertThat(numbers(engineer, filter("的报错", bank))).containsExactly(number(byMail));
        assertThat(numbers(engineer, filter("0x80248007的报", bank))).containsExactly(number(byMail));
        assertThat(numbers(engineer, filter("错错", bank))).isEmpty();
    }

    @Test
    void likeWildcardsInTheSearchAreMatchedLiterally() {
        Organisation org = fixtures.organisation("Wildcards");
        Actor engineer = fixtures.engineer();
        CaseRef literal = open(engineer, org, "Disk 100% full_now", Priority.P3, null, null);
        CaseRef other = open(engineer, org, "Disk 1000 fullynow", Priority.P3, null, null);

        List<String> found =
                numbers(engineer, new CaseListQuery("100% full_", null, null, null, org.id(), null, null, null, null));

        assertThat(found).containsExactly(number(literal)).doesNotContain(number(other));
    }

    @Test
    void filtersByKbAndErrorCodeWrittenAnyWay() {
        Organisation org = fixtures.organisation("Filters");
        Actor engineer = fixtures.engineer();
        CaseRef seed = fixtures.openCase(org);
        CaseRef other = open(engineer, org, "Other update", Priority.P4, "KB5001342", "0x80070490");

        assertThat(numbers(
                        engineer, new CaseListQuery(null, null, null, null, org.id(), null, "kb5032196", null, null)))
                .containsExactly(number(seed));
        assertThat(numbers(engineer, new CaseListQuery(null, null, null, null, org.id(), null, null, "80070490", null)))
                .containsExactly(number(other));
        assertThat(numbers(
                        engineer, new CaseListQuery(null, null, Priority.P2, null, org.id(), null, null, null, null)))
                .containsExactly(number(seed));
        assertThat(numbers(
                        engineer,
                        new CaseListQuery(null, CaseStatus.CLOSED, null, null, org.id(), null, null, null, null)))
                .isEmpty();
        // A case staff open is theirs (docs/engineer-day.md): none of these is unassigned; the opener's filter finds
        // it.
        assertThat(numbers(engineer, new CaseListQuery(null, null, null, null, org.id(), 0L, null, null, null)))
                .isEmpty();
        assertThat(numbers(
                        engineer,
                        new CaseListQuery(null, null, null, null, org.id(), engineer.userId(), null, null, null)))
                .contains(number(other));
    }

    @Test
    void aCustomerFindsOnlyTheirOrganisationsCasesAndNeverInternalNotes() {
        Organisation mine = fixtures.organisation("Mine");
        Organisation theirs = fixtures.organisation("Theirs");
        Actor customer = fixtures.customer(mine);
        CaseRef own = fixtures.openCase(mine);
        CaseRef foreign = fixtures.openCase(theirs);
        timeline.append(own, EntryKind.NOTE, fixtures.engineer(), "内部备注：客户机器是公用机", null, null, null, true);

        assertThat(numbers(customer, filter("KB5032196"))).contains(number(own)).doesNotContain(number(foreign));
        assertThat(numbers(customer, new CaseListQuery(null, null, null, null, theirs.id(), null, null, null, null)))
                .isEmpty();
        assertThat(numbers(customer, filter("公用机"))).isEmpty();
        assertThat(numbers(fixtures.engineer(), filter("公用机"))).containsExactly(number(own));
    }

    @Test
    void mailSubjectsAndBodiesFindTheirCaseInTheConsoleAndTheApiAlike() {
        Organisation bank = fixtures.organisation("邮件银行");
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(bank);
        CaseRef mailed = open(engineer, bank, "Teller PC update", Priority.P3, null, null);
        CaseRef quiet = open(engineer, bank, "Printer", Priority.P4, null, null);
        String subject = "关于补丁修复的说明";
        desk.addContact(engineer, mailed, new com.patchdesk.server.cases.NewContact(customer.email(), "许先生", null));
        correspondence.reply(engineer, mailed.number(), subject, "请在终端上运行 DISM 修复组件存储。");
        timeline.append(quiet, EntryKind.NOTE, engineer, "内部：组件存储已损坏", null, null, null, true);

        assertThat(numbers(engineer, filter("补丁修复", bank))).containsExactly(number(mailed));
        assertThat(numbers(customer, filter("修复组件存储"))).containsExactly(number(mailed));
        assertThat(numbers(customer, filter("组件存储"))).containsExactly(number(mailed));
        assertThat(numbers(engineer, filter("组件存储", bank))).containsExactlyInAnyOrder(number(mailed), number(quiet));
        assertThat(api.as(customer)
                        .get("/api/cases?q="
                                + java.net.URLEncoder.encode("组件存储", java.nio.charset.StandardCharsets.UTF_8))
                        .json()
                        .valueStream()
                        .map(c -> c.path("number").asString())
                        .toList())
                .containsExactly(number(mailed));
        assertThat(api.as(engineer)
                        .get("/api/cases?organisation=" + bank.id() + "&q="
                                + java.net.URLEncoder.encode("补丁修复", java.nio.charset.StandardCharsets.UTF_8))
                        .json()
                        .valueStream()
                        .map(c -> c.path("number").asString())
                        .toList())
                .containsExactly(number(mailed));
    }

    @Test
    void theQueueHoldsCasesWhoseResponseIsDueSoonOrOverdueMostUrgentFirst() {
        Organisation org = fixtures.organisation("Queue");
        Actor engineer = fixtures.engineer();
        CaseRef p1 = open(engineer, org, "Outage", Priority.P1, null, null); // first response due in 1 h
        CaseRef p2 = open(engineer, org, "High", Priority.P2, null, null); // due in 4 h
        CaseRef p4 = open(engineer, org, "Question", Priority.P4, null, null); // due in 1 d

        clock.advance(Duration.ofMinutes(90));
        List<CaseListing.Row> queue = listing.queue(Duration.ofHours(4));

        List<String> queued = queue.stream().map(r -> r.view().number()).toList();
        assertThat(queued).containsSubsequence(number(p1), number(p2)).doesNotContain(number(p4));
        assertThat(queue.stream()
                        .filter(r -> r.view().number().equals(number(p1)))
                        .findFirst()
                        .orElseThrow()
                        .sla())
                .isEqualTo(SlaState.BREACHED);
        assertThat(queue.stream()
                        .filter(r -> r.view().number().equals(number(p2)))
                        .findFirst()
                        .orElseThrow()
                        .sla())
                .isEqualTo(SlaState.ON_TRACK);
        assertThat(numbers(
                        engineer,
                        new CaseListQuery(null, null, null, SlaState.BREACHED, org.id(), null, null, null, null)))
                .containsExactly(number(p1));
        assertThat(numbers(
                        engineer,
                        new CaseListQuery(null, null, null, SlaState.ON_TRACK, org.id(), null, null, null, null)))
                .containsExactlyInAnyOrder(number(p2), number(p4));
    }

    @Test
    void pagesHoldFiftyCasesAndSayWhetherMoreFollow() {
        Organisation org = fixtures.organisation("Many");
        Actor engineer = fixtures.engineer();
        for (int i = 0; i < CaseListing.PAGE_SIZE + 3; i++) {
            open(engineer, org, "Case " + i, Priority.P4, null, null);
        }
        CaseListQuery first = new CaseListQuery(null, null, null, null, org.id(), null, null, null, null);

        CaseListing.Page page0 = listing.find(engineer, first);
        CaseListing.Page page1 =
                listing.find(engineer, new CaseListQuery(null, null, null, null, org.id(), null, null, null, 1));

        assertThat(page0.rows()).hasSize(CaseListing.PAGE_SIZE);
        assertThat(page0.hasNext()).isTrue();
        assertThat(page1.rows()).hasSize(3);
        assertThat(page1.hasNext()).isFalse();
    }

    private CaseRef open(Actor engineer, Organisation org, String title, Priority priority, String kb, String error) {
        return desk.open(engineer, new NewCase(title, priority, org.id(), null, null, null, kb, error, "en"));
    }

    private static CaseListQuery filter(String q) {
        return new CaseListQuery(q, null, null, null, null, null, null, null, null);
    }

    private static CaseListQuery filter(String q, Organisation organisation) {
        return new CaseListQuery(q, null, null, null, organisation.id(), null, null, null, null);
    }

    private List<String> numbers(Actor viewer, CaseListQuery filter) {
        return listing.find(viewer, filter).rows().stream()
                .map(r -> r.view().number())
                .toList();
    }

    private static String number(CaseRef ref) {
        return ref.number().value();
    }
}
