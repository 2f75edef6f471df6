package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.assignment.CaseMerge;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A duplicate case merged into another takes its mail along, and the customer, who keeps answering the thread they
 * know, reaches the case the work goes on in, whichever way the answer names the old thread.
 */
class MergedCaseMailTest extends CaseMailTestSupport {

    @Autowired
    ImapMailPoller poller;

    @Autowired
    CaseCorrespondence correspondence;

    @Autowired
    OutboxSender sender;

    @Autowired
    CaseAccess access;

    @Autowired
    CaseMerge merge;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theDuplicatesMailAndEveryLaterAnswerToItsThreadLandOnTheSurvivor() throws Exception {
        Organisation bank = fixtures.organisationWithDomain("浦发银行", "spdb-example.cn");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef duplicate = fixtures.openCase(bank);
        MimeMessage sent = mailed(engineer, duplicate, customer);
        CaseRef survivor = fixtures.openCase(bank);
        mailed(engineer, survivor, customer);

        CaseMerge.Moved moved = merge.merge(engineer, duplicate, survivor);

        assertThat(moved.mails()).isEqualTo(1);
        assertThat(mailsOf(duplicate.number())).isEmpty();
        assertThat(mailsOf(survivor.number())).extracting(StoredMail::subject).contains(sent.getSubject());

        String bareNumber = sent.getSubject().replaceAll("\\[ref:[^]]*]", "");
        answerThreeWays(customer, sent, bareNumber, "按令牌回复", "只引用旧邮件", "只写了案例号");
        assertThat(poller.pollOnce().accepted()).isEqualTo(3);

        assertThat(mailsOf(duplicate.number())).isEmpty();
        assertThat(mailsOf(survivor.number()))
                .filteredOn(mail -> mail.direction() == MailDirection.IN)
                .extracting(StoredMail::text, StoredMail::threadMatch)
                .containsExactlyInAnyOrder(
                        tuple("按令牌回复", ThreadMatch.TOKEN),
                        tuple("只引用旧邮件", ThreadMatch.REFERENCES),
                        tuple("只写了案例号", ThreadMatch.CASE_NUMBER));
    }

    @Test
    void aThreadMergedTwiceFollowsToTheLastSurvivor() throws Exception {
        Organisation bank = fixtures.organisation("交通银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef first = fixtures.openCase(bank);
        MimeMessage sent = mailed(engineer, first, customer);
        CaseRef second = fixtures.openCase(bank);
        CaseRef third = fixtures.openCase(bank);

        merge.merge(engineer, first, second);
        merge.merge(engineer, access.resolve(second.number()).orElseThrow(), third);
        Transport.send(reply(customer.email(), "回复：" + sent.getSubject(), "又回复了旧邮件"));
        poller.pollOnce();

        assertThat(mailsOf(third.number())).extracting(StoredMail::text).contains("又回复了旧邮件");
        assertThat(mailsOf(second.number())).isEmpty();
    }

    @Test
    void mailNamingADuplicateThatNeverHadMailLandsOnTheSurvivor() throws Exception {
        Organisation bank = fixtures.organisation("招商银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef duplicate = fixtures.openCase(bank);
        CaseRef survivor = fixtures.openCase(bank);

        assertThat(merge.merge(engineer, duplicate, survivor).mails()).isZero();
        Transport.send(reply(customer.email(), "关于 " + duplicate.number().value() + " 的日志", "写了重复案例的号"));
        assertThat(poller.pollOnce().accepted()).isEqualTo(1);

        assertThat(mailsOf(duplicate.number())).isEmpty();
        assertThat(mailsOf(survivor.number()))
                .extracting(StoredMail::text, StoredMail::threadMatch)
                .containsExactly(tuple("写了重复案例的号", ThreadMatch.CASE_NUMBER));
    }

    @Test
    void aMergeRecordedBeforeMailFollowedMergesIsFollowedByTokenReplyAndNumber() throws Exception {
        Organisation bank = fixtures.organisation("中信银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef duplicate = fixtures.openCase(bank);
        MimeMessage sent = mailed(engineer, duplicate, customer);
        CaseRef survivor = fixtures.openCase(bank);
        // As an earlier release merged: only the case_merges row, the duplicate's thread and mails left in place.
        jdbc.sql("""
                INSERT INTO case_merges (source_case_id, target_case_id, merged_by, merged_at)
                VALUES (?, ?, ?, CURRENT_TIMESTAMP)""").params(duplicate.id(), survivor.id(), engineer.userId()).update();

        answerThreeWays(customer, sent, duplicate.number().value(), "旧合并后按令牌回复", "旧合并后引用旧邮件", "旧合并后只写案例号");
        assertThat(poller.pollOnce().accepted()).isEqualTo(3);

        assertThat(mailsOf(duplicate.number()))
                .extracting(StoredMail::direction)
                .containsExactly(MailDirection.OUT);
        assertThat(mailsOf(survivor.number()))
                .extracting(StoredMail::text, StoredMail::threadMatch)
                .containsExactlyInAnyOrder(
                        tuple("旧合并后按令牌回复", ThreadMatch.TOKEN),
                        tuple("旧合并后引用旧邮件", ThreadMatch.REFERENCES),
                        tuple("旧合并后只写案例号", ThreadMatch.CASE_NUMBER));
    }

    @Test
    void theNumberOfTheFirstOfTwoMergesWithoutMailLeadsToTheLastSurvivor() throws Exception {
        Organisation bank = fixtures.organisation("兴业银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        CaseRef first = fixtures.openCase(bank);
        CaseRef second = fixtures.openCase(bank);
        CaseRef third = fixtures.openCase(bank);

        merge.merge(engineer, first, second);
        merge.merge(engineer, access.resolve(second.number()).orElseThrow(), third);
        Transport.send(reply(customer.email(), "还是 " + first.number().value(), "写了最早的案例号"));
        assertThat(poller.pollOnce().accepted()).isEqualTo(1);

        assertThat(mailsOf(third.number())).extracting(StoredMail::text).containsExactly("写了最早的案例号");
        assertThat(mailsOf(first.number())).isEmpty();
        assertThat(mailsOf(second.number())).isEmpty();
    }

    /** The customer's copy of a mail the engineer sent on the case. */
    private MimeMessage mailed(Actor engineer, CaseRef ref, Actor customer) throws Exception {
        int before = MAIL_SERVER.getReceivedMessages().length;
        correspondence.send(
                engineer,
                ref.number(),
                new CaseCorrespondence.Draft(List.of(customer.email()), "请上传日志", "您好，请上传 CBS.log。", null, null, null));
        assertThat(sender.sendDue()).isEqualTo(1);
        return MAIL_SERVER.getReceivedMessages()[before];
    }

    /**
     * The customer answers the thread of {@code sent} the three ways a thread is recognised: its subject with the
     * tracking token, a reply header without it, and only the case number in the subject.
     */
    private static void answerThreeWays(
            Actor customer, MimeMessage sent, String number, String byToken, String byReference, String byNumber)
            throws Exception {
        Transport.send(reply(customer.email(), "回复：" + sent.getSubject(), byToken));
        MimeMessage referring = reply(customer.email(), "日志", byReference);
        referring.setHeader("In-Reply-To", sent.getMessageID());
        Transport.send(referring);
        Transport.send(reply(customer.email(), "回复：" + number, byNumber));
    }

    private static MimeMessage reply(String from, String subject, String text) throws Exception {
        MimeMessage reply = new MimeMessage(smtpSession()) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + UUID.randomUUID() + "@customer-client.example>");
            }
        };
        reply.setFrom(new InternetAddress(from));
        reply.setRecipients(Message.RecipientType.TO, SUPPORT_ADDRESS);
        reply.setSubject(subject, "UTF-8");
        reply.setText(text, "UTF-8");
        return authenticated(reply);
    }

    private List<StoredMail> mailsOf(CaseNumber number) {
        return correspondence.list(fixtures.bootstrapAdmin(), number);
    }
}
