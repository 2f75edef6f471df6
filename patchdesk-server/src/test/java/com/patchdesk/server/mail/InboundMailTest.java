package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseAccess;
import com.patchdesk.server.cases.CaseEntry;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseNumber;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import com.patchdesk.server.cases.CaseTimeline;
import com.patchdesk.server.cases.EntryKind;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class InboundMailTest extends CaseMailTestSupport {

    @Autowired
    ImapMailPoller poller;

    @Autowired
    CaseCorrespondence correspondence;

    @Autowired
    OutboxSender sender;

    @Autowired
    MailMessages messages;

    @Autowired
    CaseAccess access;

    @Autowired
    CaseTimeline timeline;

    @Autowired
    CaseLifecycle lifecycle;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    /** The customer's copy of a mail an engineer sent on a new case for {@code customer}. */
    private MimeMessage engineerWroteTo(Actor customer, Organisation organisation) throws Exception {
        CaseRef ref = fixtures.openCase(organisation);
        correspondence.send(
                fixtures.engineer(),
                ref.number(),
                new CaseCorrespondence.Draft(
                        List.of(customer.email()), "问题范围界定", "许先生，您好：请先清除 SoftwareDistribution 缓存。", null, null, null));
        assertThat(sender.sendDue()).isEqualTo(1);
        return MAIL_SERVER.getReceivedMessages()[0];
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

    @Test
    void replyWithTheTokenInTheSubjectThreadsBackAsACustomerVisibleEntry() throws Exception {
        Organisation bank = fixtures.organisation("工商银行");
        Actor customer = fixtures.customer(bank);
        MimeMessage sent = engineerWroteTo(customer, bank);
        CaseNumber number = CaseNumber.findIn(sent.getSubject()).orElseThrow();

        Transport.send(reply(customer.email(), "回复：" + sent.getSubject(), "已清除缓存，问题依旧。"));
        ImapMailPoller.Round round = poller.pollOnce();

        assertThat(round.accepted()).isEqualTo(1);
        StoredMail received = mailsOf(number).get(1);
        assertThat(received.direction()).isEqualTo(MailDirection.IN);
        assertThat(received.threadMatch()).isEqualTo(ThreadMatch.TOKEN);
        assertThat(received.text()).isEqualTo("已清除缓存，问题依旧。");
        CaseRef ref = access.resolve(number).orElseThrow();
        CaseEntry entry = timeline.entries(ref, customer).stream()
                .filter(e -> e.kind() == EntryKind.MAIL_IN)
                .findFirst()
                .orElseThrow();
        assertThat(entry.internal()).isFalse();
        assertThat(entry.refId()).isEqualTo(received.id());
        assertThat(entry.body()).isEqualTo("已清除缓存，问题依旧。");
        assertThat(entry.authorId()).isEqualTo(customer.userId());
    }

    @Test
    void theCustomersReplyEndsWaitingForTheCustomer() throws Exception {
        Organisation bank = fixtures.organisation("招商银行");
        Actor customer = fixtures.customer(bank);
        MimeMessage sent = engineerWroteTo(customer, bank);
        CaseRef ref = access.resolve(CaseNumber.findIn(sent.getSubject()).orElseThrow())
                .orElseThrow();
        lifecycle.transition(fixtures.engineer(), ref, CaseStatus.SCOPING, null, null);
        lifecycle.transition(fixtures.engineer(), ref, CaseStatus.WAITING_FOR_CUSTOMER, null, "请上传日志");

        Transport.send(reply(customer.email(), "回复：" + sent.getSubject(), "日志已上传。"));
        poller.pollOnce();

        assertThat(access.resolve(ref.number()).orElseThrow().status()).isEqualTo(CaseStatus.INVESTIGATING);
    }

    @Test
    void replyWithOnlyInReplyToThreadsBackAfterTheSubjectChanged() throws Exception {
        Organisation bank = fixtures.organisation("建设银行");
        Actor customer = fixtures.customer(bank);
        MimeMessage sent = engineerWroteTo(customer, bank);
        CaseNumber number = CaseNumber.findIn(sent.getSubject()).orElseThrow();

        MimeMessage reply = reply(customer.email(), "日志已上传", "CBS.log 在附件里");
        reply.setHeader("In-Reply-To", sent.getMessageID());
        Transport.send(reply);
        poller.pollOnce();

        assertThat(mailsOf(number)).extracting(StoredMail::threadMatch).containsExactly(null, ThreadMatch.REFERENCES);
    }

    @Test
    void caseNumberInTheSubjectCountsOnlyForTheCasesOwnOrganisation() throws Exception {
        Organisation bank = fixtures.organisationWithDomain("农业银行", "abc-example.cn");
        CaseRef ref = fixtures.openCase(bank);
        Actor outsider = fixtures.customer(fixtures.organisation("别的公司"));

        Transport.send(reply("it@" + bank.emailDomain(), "关于 " + ref.number() + " 的进展", "同事来信"));
        Transport.send(reply(outsider.email(), "关于 " + ref.number() + " 的进展", "外人来信"));
        assertThat(poller.pollOnce().accepted()).isEqualTo(2);

        assertThat(mailsOf(ref.number()))
                .extracting(StoredMail::text, StoredMail::threadMatch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("同事来信", ThreadMatch.CASE_NUMBER));
        long outsiderCases = jdbc.sql("SELECT COUNT(*) FROM mail_messages WHERE from_address = ? AND thread_match = ?")
                .params(outsider.email(), ThreadMatch.NEW_CASE.name())
                .query(Long.class)
                .single();
        assertThat(outsiderCases).isEqualTo(1);
    }

    @Test
    void unmatchedMailOpensANewCaseForTheSender() throws Exception {
        String subject = "新问题 " + UUID.randomUUID();
        Transport.send(reply("someone@unknown-example.org", subject, "KB5032196 报错 0x800f0986"));

        assertThat(poller.pollOnce().accepted()).isEqualTo(1);

        StoredMail stored = jdbc.sql("SELECT id, case_id FROM mail_messages WHERE subject = ?")
                .param(subject)
                .query((rs, row) ->
                        messages.find(rs.getLong("case_id"), rs.getLong("id")).orElseThrow())
                .single();
        assertThat(stored.threadMatch()).isEqualTo(ThreadMatch.NEW_CASE);
        String title = jdbc.sql("SELECT title FROM cases WHERE id = ?")
                .param(stored.caseId())
                .query(String.class)
                .single();
        assertThat(title).isEqualTo(subject);
    }

    @Test
    void aBounceThatAnswersNoCaseOpensNoCase() throws Exception {
        SUPPORT.deliver(eml("bounce-delivery-report-matching-no-case.eml"));

        assertThat(poller.pollOnce().rejected()).isEqualTo(1);

        assertThat(jdbc.sql("SELECT reason FROM mail_rejections WHERE identity = ?")
                        .param("<bounce-1@mx.bank-example.cn>")
                        .query(String.class)
                        .single())
                .contains("automatic mail");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_messages WHERE message_id = ?")
                        .param("<bounce-1@mx.bank-example.cn>")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anOutOfOfficeReplyToCaseMailJoinsTheThread() throws Exception {
        Organisation bank = fixtures.organisation("交通银行");
        Actor customer = fixtures.customer(bank);
        MimeMessage sent = engineerWroteTo(customer, bank);
        MimeMessage autoReply = reply(customer.email(), "自动回复: " + sent.getSubject(), "我正在休假。");
        autoReply.setHeader("Auto-Submitted", "auto-replied");
        Transport.send(autoReply);

        assertThat(poller.pollOnce().accepted()).isEqualTo(1);
        assertThat(mailsOf(CaseNumber.findIn(sent.getSubject()).orElseThrow()))
                .extracting(StoredMail::text)
                .contains("我正在休假。");
    }

    @Test
    void aBounceThatJoinsTheThreadIsNotWhoTheNextReplyGoesTo() throws Exception {
        Organisation bank = fixtures.organisation("浦发银行");
        Actor customer = fixtures.customer(bank);
        MimeMessage sent = engineerWroteTo(customer, bank);
        Transport.send(reply(customer.email(), "Re: " + sent.getSubject(), "日志见附件。"));
        assertThat(poller.pollOnce().accepted()).isEqualTo(1);
        MimeMessage bounce =
                reply("mailer-daemon@googlemail.example", "Delivery Status Notification: " + sent.getSubject(), "退信");
        bounce.setHeader("Auto-Submitted", "auto-replied");
        Transport.send(bounce);
        assertThat(poller.pollOnce().accepted()).isEqualTo(1);

        CaseRef ref = access.resolve(CaseNumber.findIn(sent.getSubject()).orElseThrow())
                .orElseThrow();
        assertThat(mailsOf(ref.number())).extracting(StoredMail::text).contains("退信");
        assertThat(messages.latestSender(ref.id())).hasValue(customer.email());
    }

    @Test
    void anOutOfOfficeReplyWithASignatureImageLeavesAWaitingCaseWaiting() throws Exception {
        Organisation bank = fixtures.organisation("光大银行");
        Actor customer = fixtures.customer(bank);
        MimeMessage sent = engineerWroteTo(customer, bank);
        CaseRef ref = access.resolve(CaseNumber.findIn(sent.getSubject()).orElseThrow())
                .orElseThrow();
        ref = lifecycle.transition(fixtures.engineer(), ref, CaseStatus.SCOPING, null, null);
        lifecycle.transition(fixtures.engineer(), ref, CaseStatus.WAITING_FOR_CUSTOMER, null, "请上传日志");
        MimeMessage autoReply = reply(customer.email(), "自动回复: " + sent.getSubject(), "我正在休假。");
        jakarta.mail.internet.MimeMultipart parts = new jakarta.mail.internet.MimeMultipart();
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("我正在休假。", "UTF-8");
        jakarta.mail.internet.MimeBodyPart logo = new jakarta.mail.internet.MimeBodyPart();
        logo.setContent(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}, "image/png");
        logo.setFileName("logo.png");
        parts.addBodyPart(text);
        parts.addBodyPart(logo);
        autoReply.setContent(parts);
        autoReply.setHeader("Auto-Submitted", "auto-replied");
        Transport.send(autoReply);

        assertThat(poller.pollOnce().accepted()).isEqualTo(1);

        assertThat(access.resolve(ref.number()).orElseThrow().status()).isEqualTo(CaseStatus.WAITING_FOR_CUSTOMER);
    }

    @Test
    void aMailDeliveredTwiceOrReadAgainAfterACrashIsStoredOnce() throws Exception {
        MimeMessage mail = reply("twice@unknown-example.org", "重复投递 " + UUID.randomUUID(), "同一封");
        mail.saveChanges();
        String messageId = mail.getMessageID();
        SUPPORT.deliver(new MimeMessage(mail));
        SUPPORT.deliver(new MimeMessage(mail));

        ImapMailPoller.Round first = poller.pollOnce();
        markAllUnseen(); // as if the server stopped after committing but before flagging \Seen
        ImapMailPoller.Round second = poller.pollOnce();

        assertThat(first.accepted()).isEqualTo(1);
        assertThat(first.duplicates()).isEqualTo(1);
        assertThat(second.accepted()).isZero();
        assertThat(second.duplicates()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mail_messages WHERE message_id = ?")
                        .param(messageId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void mailWithoutMessageIdIsRecognisedByItsContentWhenReadAgain() throws Exception {
        SUPPORT.deliver(eml("no-message-id.eml"));
        poller.pollOnce();
        markAllUnseen();

        assertThat(poller.pollOnce().duplicates()).isEqualTo(1);
    }

    @Test
    void chineseMailFromOlderClientsIsDecoded() throws Exception {
        SUPPORT.deliver(eml("gbk-subject-and-gb18030-body.eml"));
        SUPPORT.deliver(eml("attachments-with-chinese-file-names.eml"));

        poller.pollOnce();

        StoredMail gbk = stored("<gbk-subject-1@icbc-example.cn>");
        assertThat(gbk.subject()).isEqualTo("回复：补丁安装失败 朱镕基");
        assertThat(gbk.text()).contains("朱镕基同志的补丁 KB5032196");
        assertThat(stored("<attachments@bank-example.cn>").text()).isEqualTo("请查收日志。");
    }

    @Test
    void malformedMailIsSetAsideWithoutStoppingThePoller() throws Exception {
        for (String fixture : List.of(
                "malformed-missing-from.eml",
                "malformed-multipart-without-end-boundary.eml",
                "malformed-unknown-charset.eml",
                "malformed-header-injection-in-subject.eml",
                "malformed-bad-base64-body.eml",
                "malformed-unknown-transfer-encoding.eml",
                "malformed-multipart-without-boundary-parameter.eml",
                "malformed-raw-8bit-gbk-subject.eml")) {
            SUPPORT.deliver(eml(fixture));
        }
        Transport.send(reply("after@unknown-example.org", "在坏邮件之后", "我还在"));

        ImapMailPoller.Round round = poller.pollOnce();

        assertThat(round.rejected()).isEqualTo(1);
        assertThat(round.accepted()).isEqualTo(8);
        assertThat(round.retryLater()).isZero();
        assertThat(jdbc.sql("SELECT reason FROM mail_rejections WHERE identity = ?")
                        .param("<no-from@nowhere.example>")
                        .query(String.class)
                        .single())
                .contains("no usable sender");
        assertThat(folder("Patchdesk-Errors")).extracting(this::subjectOf).containsExactly("who am I");
        assertThat(folder("INBOX")).hasSize(8).allMatch(this::seen);
        assertThat(stored("<injection@evil-example.com>").subject()).doesNotContain("\n", "\r");
        assertThat(poller.pollOnce()).isEqualTo(new ImapMailPoller.Round(0, 0, 0, 0, 0));
    }

    private StoredMail stored(String messageId) {
        return jdbc.sql("SELECT id, case_id FROM mail_messages WHERE message_id = ?")
                .param(messageId)
                .query((rs, row) ->
                        messages.find(rs.getLong("case_id"), rs.getLong("id")).orElseThrow())
                .single();
    }

    private Store imap() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", MAIL_SERVER.getImap().getPort(), "support", "support-secret");
        return store;
    }

    private void markAllUnseen() throws Exception {
        try (Store store = imap()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.setFlags(inbox.getMessages(), new Flags(Flags.Flag.SEEN), false);
            inbox.close(false);
        }
    }

    /** Local copies of a folder's messages (flags included), read over IMAP. */
    private List<Message> folder(String name) throws Exception {
        try (Store store = imap()) {
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            List<Message> copies = new java.util.ArrayList<>();
            for (Message message : folder.getMessages()) {
                MimeMessage copy = new MimeMessage((MimeMessage) message);
                copy.setFlags(message.getFlags(), true);
                copies.add(copy);
            }
            folder.close(false);
            return copies;
        }
    }

    private String subjectOf(Message message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean seen(Message message) {
        try {
            return message.isSet(Flags.Flag.SEEN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
