package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseLifecycle;
import com.patchdesk.server.cases.CaseRef;
import com.patchdesk.server.cases.CaseStatus;
import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class MailApiTest extends CaseMailTestSupport {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    OutboxSender sender;

    @Autowired
    ImapMailPoller poller;

    @Autowired
    CaseLifecycle lifecycle;

    private Organisation bank;
    private Actor customer;
    private Actor engineer;
    private CaseRef ref;
    private String mails;

    @BeforeEach
    void aCase() {
        bank = fixtures.organisation("邮储银行");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        ref = fixtures.openCase(bank);
        mails = "/api/cases/" + ref.number() + "/mails";
    }

    private ApiClient.Response engineerSends(Map<String, Object> mail) {
        return api.as(engineer).post(mails, mail);
    }

    @Test
    void engineerSendsAMailThatIsQueuedThenSentAndListed() throws Exception {
        ApiClient.Response sent = engineerSends(
                Map.of("to", List.of(customer.email()), "subject", "初次响应", "body", "许先生，您好：\n我们已收到您的问题。"));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(sent.json().path("delivery").asString()).isEqualTo("QUEUED");
        assertThat(sent.header("Location"))
                .isEqualTo(mails + "/" + sent.json().path("id").asLong());
        sender.sendDue();

        JsonNode listed = api.as(engineer).get(mails).json().get(0);
        assertThat(listed.path("delivery").asString()).isEqualTo("SENT");
        assertThat(listed.path("direction").asString()).isEqualTo("OUT");
        assertThat(listed.path("subject").asString()).startsWith("[" + ref.number() + "] 初次响应 [ref:");
        assertThat(listed.path("body").asString()).isEqualTo("许先生，您好：\n我们已收到您的问题。");
        assertThat(MAIL_SERVER.getReceivedMessages()).hasSize(1);
        assertThat(MAIL_SERVER.getReceivedMessages()[0].getMessageID())
                .isEqualTo(listed.path("messageId").asString());
        assertThat(MAIL_SERVER.getReceivedMessages()[0].getAllRecipients()[0].toString())
                .isEqualTo(customer.email());
        JsonNode entry = api.as(customer)
                .get("/api/cases/" + ref.number() + "/entries")
                .json()
                .get(0);
        assertThat(entry.path("kind").asString()).isEqualTo("MAIL_OUT");
        assertThat(entry.path("refId").asLong()).isEqualTo(listed.path("id").asLong());
    }

    @Test
    void withoutRecipientsTheMailAnswersTheLatestSender() throws Exception {
        assertThat(engineerSends(Map.of("subject", "s", "body", "b")).status()).isEqualTo(400);

        receiveFromCustomer("关于 " + ref.number(), "请尽快处理");
        ApiClient.Response answer = engineerSends(Map.of("subject", "回复", "body", "好的"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        assertThat(answer.json().path("to").get(0).asString()).isEqualTo(customer.email());
    }

    @Test
    void customersReadTheirCasesMailButNotStaffDetailsAndCannotSend() throws Exception {
        receiveFromCustomer("关于 " + ref.number(), "日志已上传");

        JsonNode seen = api.as(customer).get(mails).json().get(0);
        assertThat(seen.path("body").asString()).isEqualTo("日志已上传");
        assertThat(seen.path("threadMatch").isNull()).isTrue();
        assertThat(seen.path("notes").isNull()).isTrue();
        assertThat(api.as(customer)
                        .post(mails, Map.of("to", List.of("x@example.com"), "subject", "s", "body", "b"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void anotherOrganisationsCustomerSeesNothing() {
        Actor foreign = fixtures.customer(fixtures.organisation("别的银行"));

        assertThat(api.as(foreign).get(mails).status()).isEqualTo(404);
        assertThat(api.as(foreign).get(mails + "/1").status()).isEqualTo(404);
        assertThat(api.as(foreign).post(mails + "/1/consent", null).status()).isEqualTo(404);
        assertThat(api.anonymous().get(mails).status()).isEqualTo(401);
    }

    @Test
    void engineerMarksTheCustomersReplyAsConsentOnceAndTheCaseCanClose() throws Exception {
        resolve();
        receiveFromCustomer("回复：[" + ref.number() + "] 结案确认", "同意结案，谢谢！");
        long mailId = api.as(engineer).get(mails).json().get(0).path("id").asLong();

        ApiClient.Response consent = api.as(engineer).post(mails + "/" + mailId + "/consent", null);

        assertThat(consent.status()).as(consent.toString()).isEqualTo(201);
        JsonNode entries =
                api.as(customer).get("/api/cases/" + ref.number() + "/entries").json();
        JsonNode last = entries.get(entries.size() - 1);
        assertThat(last.path("kind").asString()).isEqualTo("CONSENT");
        assertThat(last.path("refType").asString()).isEqualTo("consent_mail");
        assertThat(last.path("refId").asLong()).isEqualTo(mailId);
        assertThat(api.as(engineer)
                        .get(mails + "/" + mailId)
                        .json()
                        .path("consentEntryId")
                        .asLong())
                .isEqualTo(consent.json().path("entryId").asLong());
        assertThat(api.as(engineer)
                        .post(mails + "/" + mailId + "/consent", null)
                        .status())
                .isEqualTo(409);
        assertThat(api.as(customer)
                        .post(mails + "/" + mailId + "/consent", null)
                        .status())
                .isEqualTo(403);
        assertThat(lifecycle
                        .transition(engineer, ref, CaseStatus.CLOSED, null, null)
                        .status())
                .as("the mail's consent is what closing requires")
                .isEqualTo(CaseStatus.CLOSED);
    }

    @Test
    void consentIsOnlyTakenForAResolvedCase() throws Exception {
        receiveFromCustomer("回复：[" + ref.number() + "] 进展", "同意结案");
        long mailId = api.as(engineer).get(mails).json().get(0).path("id").asLong();

        ApiClient.Response early = api.as(engineer).post(mails + "/" + mailId + "/consent", null);

        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("RESOLVED");
    }

    @Test
    void aMailReceivedBeforeTheCaseWasResolvedIsNotConsent() throws Exception {
        api.as(engineer)
                .post("/api/cases/" + ref.number() + "/notes", Map.of("summary", "请上传 CBS 日志", "internal", false));
        for (CaseStatus status :
                List.of(CaseStatus.SCOPING, CaseStatus.INVESTIGATING, CaseStatus.WAITING_FOR_CUSTOMER)) {
            ref = lifecycle.transition(engineer, ref, status, null, null);
        }
        receiveFromCustomer("回复：[" + ref.number() + "] 需要日志", "日志见附件，谢谢");
        long mailId = api.as(engineer).get(mails).json().get(0).path("id").asLong();
        ref = lifecycle.transition(engineer, ref, CaseStatus.RESOLVED, null, null);

        ApiClient.Response stale = api.as(engineer).post(mails + "/" + mailId + "/consent", null);

        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.body()).contains("before the case was resolved");
        assertThat(api.as(engineer)
                        .get(mails + "/" + mailId)
                        .json()
                        .path("consentEntryId")
                        .isNull())
                .isTrue();
        ApiClient.Response close =
                api.as(engineer).post("/api/cases/" + ref.number() + "/transitions", Map.of("status", "CLOSED"));
        assertThat(close.status())
                .as("no consent on record, so the case cannot close")
                .isEqualTo(409);
        assertThat(close.body()).contains("consent");
    }

    @Test
    void aTemplateIsRenderedForTheCaseInTheRequestedLanguage() {
        ApiClient.Response sent =
                engineerSends(Map.of("to", List.of(customer.email()), "template", "SCOPING", "language", "zh-CN"));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(sent.json().path("subject").asString())
                .startsWith("[" + ref.number() + "] 问题范围确认：KB5032196 安装失败 0x800f0986 [ref:");
        assertThat(sent.json().path("body").asString()).contains("您好");
        assertThat(engineerSends(Map.of("to", List.of(customer.email()), "template", "NO_SUCH"))
                        .status())
                .isEqualTo(400);
    }

    private void resolve() {
        for (CaseStatus status : List.of(CaseStatus.SCOPING, CaseStatus.INVESTIGATING, CaseStatus.RESOLVED)) {
            ref = lifecycle.transition(engineer, ref, status, null, null);
        }
    }

    @Test
    void ourOwnMailCannotBeConsent() {
        long mailId = engineerSends(Map.of("to", List.of(customer.email()), "subject", "s", "body", "b"))
                .json()
                .path("id")
                .asLong();

        assertThat(api.as(engineer)
                        .post(mails + "/" + mailId + "/consent", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void invalidMailsAreRefusedWithTheReason() {
        assertThat(engineerSends(Map.of("to", List.of(customer.email()), "body", "b"))
                        .status())
                .isEqualTo(400);
        ApiClient.Response badAddress =
                engineerSends(Map.of("to", List.of("not an address\r\nBcc: x@y"), "subject", "s", "body", "b"));
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.body()).contains("not a mail address");
        assertThat(api.as(engineer).get("/api/cases/CAS-00000-XXXXXX/mails").status())
                .isEqualTo(404);
    }

    @Test
    void attachmentsOfACustomersMailBecomeFilesOfTheCase() throws Exception {
        MimeMessage mail = new MimeMessage(smtpSession());
        mail.setFrom(new InternetAddress(customer.email()));
        mail.setRecipients(Message.RecipientType.TO, SUPPORT_ADDRESS);
        mail.setSubject("日志 " + ref.number(), "UTF-8");
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("见附件", "UTF-8");
        MimeBodyPart log = new MimeBodyPart();
        log.setContent(
                "2024-01-02 10:00:00, Error CBS 0x80070490".getBytes(StandardCharsets.UTF_8),
                "application/octet-stream");
        log.setFileName(MimeUtility.encodeText("CBS日志.log", "UTF-8", "B"));
        parts.addBodyPart(text);
        parts.addBodyPart(log);
        mail.setContent(parts);
        Transport.send(authenticated(mail));
        poller.pollOnce();

        JsonNode attachment =
                api.as(customer).get(mails).json().get(0).path("attachments").get(0);
        assertThat(attachment.path("name").asString()).isEqualTo("CBS日志.log");
        assertThat(attachment.path("stored").asBoolean()).isTrue();
        ApiClient.Response content = api.as(customer)
                .get("/api/cases/" + ref.number() + "/files/"
                        + attachment.path("fileId").asLong() + "/content");
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).isEqualTo("2024-01-02 10:00:00, Error CBS 0x80070490");
        JsonNode entries =
                api.as(customer).get("/api/cases/" + ref.number() + "/entries").json();
        assertThat(entries.findValuesAsString("kind")).contains("MAIL_IN", "UPLOAD");
    }

    @Test
    void staffSeeRejectedMailCustomersDoNot() throws Exception {
        SUPPORT.deliver(eml("malformed-missing-from.eml"));
        poller.pollOnce();

        ApiClient.Response listed = api.as(engineer).get("/api/mail/rejections");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("<no-from@nowhere.example>", "no usable sender");
        assertThat(api.as(customer).get("/api/mail/rejections").status()).isEqualTo(403);
    }

    private void receiveFromCustomer(String subject, String text) throws Exception {
        MimeMessage mail = new MimeMessage(smtpSession());
        mail.setFrom(new InternetAddress(customer.email()));
        mail.setRecipients(Message.RecipientType.TO, SUPPORT_ADDRESS);
        mail.setSubject(subject, "UTF-8");
        mail.setText(text, "UTF-8");
        Transport.send(authenticated(mail));
        assertThat(poller.pollOnce().accepted()).isEqualTo(1);
    }
}
