package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.audit.AuditTrail;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseDesk;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import com.patchdesk.server.cases.NewContact;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Mail claiming to come from a customer is taken only when our receiving server authenticated its sender. */
class MailAuthenticityTest extends CaseMailTestSupport {

    @Autowired
    ImapMailPoller poller;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ApiClient api;

    @Autowired
    CaseAccess access;

    @Autowired
    CaseLifecycle lifecycle;

    @Autowired
    CaseDesk desk;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    private Organisation bank;
    private Actor customer;
    private Actor engineer;
    private CaseRef waiting;

    @BeforeEach
    void aCaseWaitingForTheBank() {
        bank = fixtures.organisationWithDomain("示例银行", "bank.example");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        waiting = fixtures.openCase(bank);
        timeline.append(waiting, EntryKind.NOTE, engineer, "请上传 CBS 日志", null, null, null, false);
        lifecycle.transition(engineer, waiting, CaseStatus.SCOPING, null, null);
        lifecycle.transition(
                engineer,
                access.resolve(waiting.number()).orElseThrow(),
                CaseStatus.WAITING_FOR_CUSTOMER,
                null,
                "请上传日志");
    }

    private MimeMessage mail(String from, String subject, String... authenticationResults) throws Exception {
        MimeMessage mail = new MimeMessage(smtpSession());
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, SUPPORT_ADDRESS);
        mail.setSubject(subject, "UTF-8");
        mail.setText("请点击 http://phish.example/login 重新登录。", "UTF-8");
        for (String header : authenticationResults) {
            mail.addHeader("Authentication-Results", header);
        }
        return mail;
    }

    private CaseStatus status() {
        return access.resolve(waiting.number()).orElseThrow().status();
    }

    private long mailInEntriesSeenByTheCustomer() {
        return timeline.entries(access.resolve(waiting.number()).orElseThrow(), customer).stream()
                .filter(entry -> entry.kind() == EntryKind.MAIL_IN)
                .count();
    }

    private long casesOfTheBank() {
        return jdbc.sql("SELECT COUNT(*) FROM cases WHERE organisation_id = ?")
                .param(bank.id())
                .query(Long.class)
                .single();
    }

    private JsonNode heldFrom(String address) {
        for (JsonNode held : api.as(engineer).get("/api/mail/held").json()) {
            if (held.path("from").asString().equals(address)) {
                return held;
            }
        }
        throw new AssertionError("no held mail from " + address);
    }

    @Test
    void aForgedReplyWithoutAuthenticationResultsIsHeldAndChangesNothingUntilAnEngineerAcceptsIt() throws Exception {
        String mallory = "mallory@" + bank.emailDomain();
        Transport.send(mail(mallory, "Re: [" + waiting.number() + "] 请重新登录"));

        assertThat(poller.pollOnce()).isEqualTo(new ImapMailPoller.Round(0, 0, 0, 0, 1));

        assertThat(status()).isEqualTo(CaseStatus.WAITING_FOR_CUSTOMER);
        assertThat(mailInEntriesSeenByTheCustomer()).isZero();
        assertThat(api.as(customer)
                        .get("/api/cases/" + waiting.number() + "/mails")
                        .json())
                .isEmpty();
        JsonNode held = heldFrom(mallory);
        assertThat(held.path("reason").asString()).contains("no Authentication-Results from " + AUTHSERV_ID);
        assertThat(held.path("decision").isNull()).isTrue();
        assertThat(api.as(customer).get("/api/mail/held").status()).isEqualTo(403);
        assertThat(api.as(customer)
                        .post("/api/mail/held/" + held.path("id").asLong() + "/accept", Map.of())
                        .status())
                .isEqualTo(403);

        ApiClient.Response accepted = api.as(engineer)
                .post("/api/mail/held/" + held.path("id").asLong() + "/accept", Map.of("note", "客户电话确认是同事发的"));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().path("decision").asString()).isEqualTo("ACCEPTED");
        assertThat(status()).isEqualTo(CaseStatus.INVESTIGATING);
        assertThat(mailInEntriesSeenByTheCustomer()).isEqualTo(1);
        assertThat(audit.forEntity("held_mail", held.path("id").asLong())).anySatisfy(row -> {
            assertThat(row.action()).isEqualTo("accepted");
            assertThat(row.caseId()).isEqualTo(waiting.id());
        });
        assertThat(api.as(engineer)
                        .post("/api/mail/held/" + held.path("id").asLong() + "/reject", Map.of())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aMailInAStaffAddressIsCheckedTooSinceStaffMayWriteIntoAnyCase() throws Exception {
        String subject = "Re: [" + waiting.number() + "] 请重新登录";
        Transport.send(mail(engineer.email(), subject));

        assertThat(poller.pollOnce().held()).isEqualTo(1);
        assertThat(status()).isEqualTo(CaseStatus.WAITING_FOR_CUSTOMER);
        assertThat(mailInEntriesSeenByTheCustomer()).isZero();
        JsonNode held = heldFrom(engineer.email());
        assertThat(held.path("reason").asString())
                .startsWith("from a staff address")
                .contains("no Authentication-Results from " + AUTHSERV_ID);
        assertThat(held.path("organisationId").isNull()).isTrue();

        Transport.send(mail(engineer.email(), subject, AUTHSERV_ID + "; dmarc=pass header.from=fixture.test"));

        assertThat(poller.pollOnce().accepted()).isEqualTo(1);
        assertThat(mailInEntriesSeenByTheCustomer()).isEqualTo(1);
    }

    @Test
    void aMailWhoseDmarcFailedIsHeldAndOnceRejectedStaysOut() throws Exception {
        Transport.send(mail(
                customer.email(),
                "Re: [" + waiting.number() + "] 日志",
                AUTHSERV_ID
                        + "; spf=fail smtp.mailfrom=attacker.example; dmarc=fail (p=none) header.from=fixture.test"));

        assertThat(poller.pollOnce().held()).isEqualTo(1);
        JsonNode held = heldFrom(customer.email());
        assertThat(held.path("reason").asString()).contains("DMARC failed for fixture.test");

        ApiClient.Response rejected = api.as(engineer)
                .post("/api/mail/held/" + held.path("id").asLong() + "/reject", Map.of("note", "phishing"));

        assertThat(rejected.json().path("decision").asString()).isEqualTo("REJECTED");
        assertThat(rejected.json().path("decisionNote").asString()).isEqualTo("phishing");
        assertThat(status()).isEqualTo(CaseStatus.WAITING_FOR_CUSTOMER);
        assertThat(mailInEntriesSeenByTheCustomer()).isZero();
        assertThat(audit.forEntity("held_mail", held.path("id").asLong()))
                .extracting(row -> row.action())
                .contains("rejected");
    }

    @Test
    void aForgedMailFromTheCustomersDomainOpensNoCase() throws Exception {
        long before = casesOfTheBank();
        Transport.send(mail("ceo@" + bank.emailDomain(), "紧急：请立即处理 " + UUID.randomUUID()));

        assertThat(poller.pollOnce().held()).isEqualTo(1);

        assertThat(casesOfTheBank()).isEqualTo(before);
    }

    /** A case's contact outside the bank's domain (a personal mailbox) speaks for the bank: its mail is checked too. */
    @Test
    void aForgedMailFromACasesContactOpensNoCaseInItsOrganisation() throws Exception {
        String contact = "zhang." + UUID.randomUUID().toString().substring(0, 8) + "@163.example";
        desk.addContact(engineer, waiting, new NewContact(contact, "张先生", null));
        long before = casesOfTheBank();

        Transport.send(mail(contact, "紧急：服务器无法更新 " + UUID.randomUUID()));

        assertThat(poller.pollOnce().held()).isEqualTo(1);
        assertThat(casesOfTheBank()).isEqualTo(before);
        assertThat(heldFrom(contact).path("organisationId").asLong()).isEqualTo(bank.id());
    }

    /** "bank.example." is bank.example (the root's dot): the same organisation, the same check. */
    @Test
    void aFromDomainWithTheRootsDotIsTheSameDomain() throws Exception {
        MimeMessage forged = mail("mallory@" + bank.emailDomain(), "Re: [" + waiting.number() + "] 请重新登录");
        // Put into the mailbox as it arrives: Jakarta Mail's SMTP client would not send such a From.
        forged.setHeader("From", "mallory@" + bank.emailDomain() + ".");
        SUPPORT.deliver(forged);

        assertThat(poller.pollOnce().held()).isEqualTo(1);
        assertThat(status()).isEqualTo(CaseStatus.WAITING_FOR_CUSTOMER);
        assertThat(mailInEntriesSeenByTheCustomer()).isZero();
    }

    /**
     * A stranger's case is filed under the unassigned organisation, which is no customer: the stranger's next mail is
     * taken unchecked as the first was, not held as a customer's.
     */
    @Test
    void aStrangersNextMailIsTakenAsTheFirstWas() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String stranger = "someone-" + tag + "@unknown-" + tag + ".example";
        Transport.send(mail(stranger, "第一次 " + tag));
        assertThat(poller.pollOnce().accepted()).isEqualTo(1);

        Transport.send(mail(stranger, "第二次 " + tag));

        ImapMailPoller.Round second = poller.pollOnce();
        assertThat(second.accepted()).isEqualTo(1);
        assertThat(second.held()).isZero();
    }

    @Test
    void aPassFromAnotherAuthservIdIsIgnored() throws Exception {
        Transport.send(mail(
                "mallory@" + bank.emailDomain(),
                "Re: [" + waiting.number() + "]",
                "mx.attacker.example; dmarc=pass header.from=" + bank.emailDomain(),
                AUTHSERV_ID.toUpperCase() + ".evil; dkim=pass header.d=" + bank.emailDomain()));

        assertThat(poller.pollOnce().held()).isEqualTo(1);
        assertThat(status()).isEqualTo(CaseStatus.WAITING_FOR_CUSTOMER);
    }

    @Test
    void aPassingReplyIsTakenAsBefore() throws Exception {
        Transport.send(mail(
                customer.email(),
                "Re: [" + waiting.number() + "] 日志已上传",
                AUTHSERV_ID + "; spf=pass smtp.mailfrom=" + customer.email()
                        + "; dkim=none; dmarc=pass header.from=fixture.test"));

        assertThat(poller.pollOnce()).isEqualTo(new ImapMailPoller.Round(1, 0, 0, 0, 0));
        assertThat(status()).isEqualTo(CaseStatus.INVESTIGATING);
        assertThat(mailInEntriesSeenByTheCustomer()).isEqualTo(1);
    }

    @Test
    void withoutDmarcADkimSignatureOfTheSendersDomainIsEnough() throws Exception {
        Transport.send(mail(
                "it@" + bank.emailDomain(),
                "Re: [" + waiting.number() + "] 日志已上传",
                AUTHSERV_ID + "; spf=softfail smtp.mailfrom=bounces.mailer.example;"
                        + " dkim=pass (2048-bit key) header.d=mail." + bank.emailDomain() + " header.s=s1"));

        assertThat(poller.pollOnce().accepted()).isEqualTo(1);
        assertThat(status()).isEqualTo(CaseStatus.INVESTIGATING);
    }

    @Test
    void anOrganisationWhoseMailServersSignNothingCanTurnTheCheckOff() throws Exception {
        ApiClient.Response off = api.as(fixtures.bootstrapAdmin())
                .patch("/api/organisations/" + bank.id(), Map.of("checkMailAuthentication", false));
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().path("checkMailAuthentication").asBoolean()).isFalse();
        assertThat(api.as(engineer)
                        .patch("/api/organisations/" + bank.id(), Map.of("checkMailAuthentication", true))
                        .status())
                .isEqualTo(403);

        Transport.send(mail(customer.email(), "Re: [" + waiting.number() + "] 日志已上传"));

        assertThat(poller.pollOnce().accepted()).isEqualTo(1);
        assertThat(status()).isEqualTo(CaseStatus.INVESTIGATING);
    }
}
