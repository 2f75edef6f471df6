package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.DeskLocale;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Organisations;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.problems.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@DeskTest
class CaseDeskTest {

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseAccess access;

    @Autowired
    Organisations organisations;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCustomersCaseBelongsToTheirOrganisationAndListsThemAsContact() {
        Organisation bank = fixtures.organisation("Bank");
        Actor customer = fixtures.customer(bank);

        CaseRef ref = desk.open(
                customer,
                new NewCase("更新失败", Priority.P2, null, null, null, "V2020-L 1809", "kb5032196", "800f0986", null));

        assertThat(ref.organisationId()).isEqualTo(bank.id());
        assertThat(ref.status()).isEqualTo(CaseStatus.NEW);
        assertThat(ref.language()).isEqualTo(DeskLocale.CHINESE);
        assertThat(contacts(ref)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT os_build_family FROM cases WHERE id = :id")
                        .param("id", ref.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(17763);
        assertThat(jdbc.sql("SELECT reported_kb || ' ' || reported_error FROM cases WHERE id = :id")
                        .param("id", ref.id())
                        .query(String.class)
                        .single())
                .isEqualTo("KB5032196 0x800F0986");
        assertThat(audit.forCase(ref.id()))
                .extracting(r -> r.field())
                .contains("number", "title", "priority", "organisationId", "status");
    }

    @Test
    void aCustomerCannotOpenACaseForAnotherOrganisation() {
        Actor customer = fixtures.customer(fixtures.organisation("Bank"));
        long other = fixtures.organisation("Other").id();

        assertThatThrownBy(() ->
                        desk.open(customer, new NewCase("x", Priority.P3, other, null, null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void staffMustNameAnExistingOrganisation() {
        Actor engineer = fixtures.engineer();
        assertThatThrownBy(() ->
                        desk.open(engineer, new NewCase("x", Priority.P3, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("organisation");
        assertThatThrownBy(() -> desk.open(
                        engineer, new NewCase("x", Priority.P3, 999_999L, null, null, null, null, null, null)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void mailFromAKnownCustomerOpensACaseForTheirOrganisation() {
        Organisation bank = fixtures.organisation("Bank");
        Actor customer = fixtures.customer(bank);

        CaseRef ref = desk.openFromMail(customer.email().toUpperCase(), "回复: KB5032196 无法安装", "错误 0x800f0986");

        assertThat(ref.organisationId()).isEqualTo(bank.id());
        assertThat(ref.language()).isEqualTo(DeskLocale.CHINESE);
        assertThat(jdbc.sql("SELECT title FROM cases WHERE id = :id")
                        .param("id", ref.id())
                        .query(String.class)
                        .single())
                .isEqualTo("KB5032196 无法安装");
    }

    @Test
    void mailFromAnUnknownSenderIsRoutedByDomainElseToUnassigned() {
        Organisation bank = fixtures.organisationWithDomain("Domain Bank", "bank.example");

        CaseRef byDomain = desk.openFromMail("it-ops@" + bank.emailDomain(), "Update fails", "Please help");
        CaseRef unknown = desk.openFromMail("someone@nowhere.example", "Update fails", "Please help");

        assertThat(byDomain.organisationId()).isEqualTo(bank.id());
        assertThat(byDomain.language()).isEqualTo(DeskLocale.ENGLISH);
        assertThat(unknown.organisationId())
                .isEqualTo(organisations.findByName("Unassigned").orElseThrow().id());
        assertThat(contacts(unknown)).isEqualTo(1);
    }

    @Test
    void aSenderWhoWasAContactBeforeStaysWithThatOrganisation() {
        Organisation bank = fixtures.organisation("Bank");
        CaseRef first = fixtures.openCase(bank);
        desk.addContact(first.id(), null, "Zhang.Wei@partner.example", "张伟");

        CaseRef second = desk.openFromMail("zhang.wei@partner.example", "又一个问题", "");

        assertThat(second.organisationId()).isEqualTo(bank.id());
    }

    @Test
    void caseNumbersAreUniqueAndResolvable() {
        Organisation bank = fixtures.organisation("Bank");
        CaseRef a = fixtures.openCase(bank);
        CaseRef b = fixtures.openCase(bank);

        assertThat(a.number()).isNotEqualTo(b.number());
        assertThat(access.resolve(a.number())).contains(a);
    }

    private long contacts(CaseRef ref) {
        return jdbc.sql("SELECT COUNT(*) FROM case_contacts WHERE case_id = :id")
                .param("id", ref.id())
                .query(Long.class)
                .single();
    }
}
