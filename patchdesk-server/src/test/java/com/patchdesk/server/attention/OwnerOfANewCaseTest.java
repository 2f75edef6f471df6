package com.patchdesk.server.attention;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseSearch;
import com.patchdesk.server.cases.CustomerActivity;
import com.patchdesk.server.cases.NewCase;
import com.patchdesk.server.cases.Priority;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A case an engineer opens is theirs until they hand it on, so the customer's later answer reaches them; a case the
 * customer opens waits in the queues for someone to take it.
 */
@DeskTest
class OwnerOfANewCaseTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseSearch views;

    @Autowired
    CustomerActivity activity;

    @Autowired
    AttentionList attention;

    @Autowired
    AuditTrail audit;

    @Test
    void theEngineerWhoOpensACaseOwnsItAndHearsTheCustomersAnswer() {
        Organisation bank = fixtures.organisation("Bank");
        Actor engineer = fixtures.engineer();
        CaseRef ref = desk.open(
                engineer, new NewCase("KB5032196 安装失败", Priority.P3, bank.id(), null, null, null, null, null, null));

        assertThat(views.one(ref).ownerId()).isEqualTo(engineer.userId());
        assertThat(audit.forCase(ref.id()))
                .filteredOn(r -> "ownerId".equals(r.field()))
                .extracting(r -> r.newValue())
                .containsExactly(Long.toString(engineer.userId()));

        activity.answeredBy(fixtures.customer(bank), ref, "The customer replied in the portal.");

        assertThat(attention.of(engineer))
                .extracting(AttentionItem::caseId, AttentionItem::topReason)
                .contains(org.assertj.core.groups.Tuple.tuple(ref.id(), NotificationKind.CUSTOMER_REPLIED));
    }

    @Test
    void aCustomersCaseHasNoOwnerUntilSomeoneTakesIt() {
        Organisation bank = fixtures.organisation("Bank");
        CaseRef ref = desk.open(
                fixtures.customer(bank), new NewCase("更新失败", Priority.P3, null, null, null, null, null, null, null));

        assertThat(views.one(ref).ownerId()).isNull();
    }
}
