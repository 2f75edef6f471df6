package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class InboundMailParserTest {

    private final InboundMailParser parser =
            new InboundMailParser(new MailProperties.Limits(DataSize.ofMegabytes(5), DataSize.ofKilobytes(64), 10_000));

    static MimeMessage fixture(String name) throws Exception {
        try (InputStream in = InboundMailParserTest.class.getResourceAsStream("/mail/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new MimeMessage(InboundMailParser.lenientSession(new Properties()), in);
        }
    }

    private InboundMail parse(String name) throws Exception {
        return parser.parse(fixture(name));
    }

    @Test
    void gbkSubjectAndGb18030BodyAreDecoded() throws Exception {
        InboundMail mail = parse("gbk-subject-and-gb18030-body.eml");

        assertThat(mail.subject()).isEqualTo("回复：补丁安装失败 朱镕基");
        assertThat(mail.text()).contains("许先生，您好：", "朱镕基同志的补丁 KB5032196", "0x80070490");
        assertThat(mail.fromAddress()).isEqualTo("xu.ming@icbc-example.cn");
        assertThat(mail.fromName()).isEqualTo("许明");
        assertThat(mail.messageId()).isEqualTo("<gbk-subject-1@icbc-example.cn>");
        assertThat(mail.sentAt()).isEqualTo(Instant.parse("2024-01-02T03:11:14Z"));
        assertThat(mail.notes()).isEmpty();
    }

    @Test
    void gb2312LabelIsReadAsGb18030SoGbkOnlyCharactersSurvive() throws Exception {
        InboundMail mail = parse("gb2312-label-with-gbk-characters.eml");

        assertThat(mail.subject()).isEqualTo("镕基补丁");
        assertThat(mail.fromName()).isEqualTo("朱镕基");
        assertThat(mail.text()).isEqualTo("朱镕基：日志已上传。");
    }

    @Test
    void characterSplitAcrossAdjacentEncodedWordsIsJoined() throws Exception {
        assertThat(parse("subject-character-split-across-encoded-words.eml").subject())
                .isEqualTo("补丁安装失败");
    }

    @Test
    void htmlOnlyMailBecomesTextWithoutScriptsOrStyles() throws Exception {
        InboundMail mail = parse("html-only-body.eml");

        assertThat(mail.text()).contains("您好，", "CheckHealth 结果：可以修复\n谢谢").doesNotContain("alert", "color", "<");
    }

    @Test
    void attachmentsKeepChineseNamesFromRfc2231AndRfc2047WithoutPaths() throws Exception {
        InboundMail mail = parse("attachments-with-chinese-file-names.eml");

        assertThat(mail.text()).isEqualTo("请查收日志。");
        assertThat(mail.attachments()).extracting(InboundAttachment::fileName).containsExactly("CBS日志.log", "系统截图.png");
        assertThat(new String(mail.attachments().get(0).content(), StandardCharsets.UTF_8))
                .contains("0x80070490");
        assertThat(mail.attachments().get(1).contentType()).isEqualTo("application/octet-stream");
    }

    /** "镕" (E9 46) is GBK, not GB2312: a name labelled gb2312, in one piece or two, keeps it. */
    @Test
    void rfc2231NamesLabelledGb2312KeepTheirGbkCharacters() throws Exception {
        InboundMail mail = parse("rfc2231-gb2312-file-names.eml");

        assertThat(mail.attachments()).extracting(InboundAttachment::fileName).containsExactly("朱镕基.log", "日志_镕.zip");
    }

    @Test
    void rfc2231NamesThatCannotBeReadAreLeftToJakartaMail() {
        assertThat(Rfc2231Names.decode("attachment; filename=\"plain.log\"", "filename"))
                .isEmpty();
        assertThat(Rfc2231Names.decode("attachment; filename*=no-quotes%41", "filename"))
                .isEmpty();
        assertThat(Rfc2231Names.decode("attachment; filename*=utf-8''%4", "filename"))
                .isEmpty();
        assertThat(Rfc2231Names.decode("attachment; filename*1*=%41", "filename"))
                .as("no first piece")
                .isEmpty();
        assertThat(Rfc2231Names.decode("attachment; filename*=UTF-8'zh'%E6%97%A5%E5%BF%97.log", "filename"))
                .hasValue("日志.log");
        assertThat(Rfc2231Names.decode("inline; name*=utf-8''a.log; filename*=utf-8''b.log", "filename"))
                .hasValue("b.log");
    }

    @Test
    void mailWithoutMessageIdGetsAStableContentIdentity() throws Exception {
        InboundMail first = parse("no-message-id.eml");
        InboundMail again = parse("no-message-id.eml");

        assertThat(first.messageId()).isNull();
        assertThat(first.identity()).startsWith("sha256:").isEqualTo(again.identity());
        assertThat(first.notes()).anyMatch(note -> note.contains("no Message-ID"));
    }

    /**
     * Ids with raw 8-bit bytes are not taken: they would come back in the threading headers of our replies, where the
     * mail library writes each character as one byte ("上" ends in 0x8A, written as a line feed).
     */
    @Test
    void messageIdsOutsideAsciiAreNotTakenSoTheyCannotComeBackIntoOurHeaders() throws Exception {
        InboundMail mail = parse("malformed-non-ascii-message-ids.eml");

        assertThat(mail.messageId()).isNull();
        assertThat(mail.notes()).anyMatch(note -> note.contains("unusable Message-ID"));
        assertThat(mail.inReplyTo()).isEmpty();
        assertThat(mail.references()).containsExactly("<case-1@patchdesk.local>");
        assertThat(mail.text()).contains("日志已上传");
    }

    @Test
    void mailsWithoutMessageIdThatDifferOnlyInTheirAttachmentsAreDifferentMails() throws Exception {
        InboundMail plain = parse("no-message-id.eml");
        InboundMail first =
                withAttachments(plain, new InboundAttachment("logs.zip", "application/zip", new byte[] {1}));
        InboundMail second =
                withAttachments(plain, new InboundAttachment("logs.zip", "application/zip", new byte[] {2}));
        InboundMail renamed =
                withAttachments(plain, new InboundAttachment("日志.zip", "application/zip", new byte[] {1}));

        assertThat(first.identity())
                .isNotEqualTo(second.identity())
                .isNotEqualTo(renamed.identity())
                .isNotEqualTo(plain.identity())
                .isEqualTo(withAttachments(plain, new InboundAttachment("logs.zip", "application/zip", new byte[] {1}))
                        .identity());
    }

    private static InboundMail withAttachments(InboundMail mail, InboundAttachment... attachments) {
        return new InboundMail(
                mail.messageId(),
                mail.inReplyTo(),
                mail.references(),
                mail.fromAddress(),
                mail.fromName(),
                mail.to(),
                mail.subject(),
                mail.dateHeader(),
                mail.sentAt(),
                mail.text(),
                List.of(attachments),
                mail.automated(),
                mail.notes(),
                mail.authenticationResults());
    }

    @Test
    void gbkTextUnderAUtf8LabelIsReadAsGbkAndNoted() throws Exception {
        InboundMail mail = parse("malformed-utf8-label-over-gbk-text.eml");

        assertThat(mail.text()).contains("许先生：CBS 日志已上传，请查收。朱镕基");
        assertThat(mail.notes()).anyMatch(note -> note.contains("read as GB18030"));
    }

    /** A Windows-1252 apostrophe pasted into UTF-8 text: one stray byte, and the Chinese stays Chinese. */
    @Test
    void utf8TextWithAStrayByteIsStillUtf8() {
        byte[] text = "Hi, we don't have it. Logs attached. 张伟".getBytes(StandardCharsets.UTF_8);
        text[13] = (byte) 0x92;

        assertThat(MailCharsets.decode(text, "utf-8")).endsWith("Logs attached. 张伟");
        assertThat(MailCharsets.decode("日志".getBytes(Charset.forName("GBK")), "utf-8"))
                .as("two GBK characters under a UTF-8 label")
                .isEqualTo("日志");
    }

    @Test
    void utf8TextCutInsideACharacterIsStillUtf8() {
        byte[] whole = "日志已上传".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut <= 2; cut++) {
            byte[] cutOff = Arrays.copyOf(whole, whole.length - cut);
            assertThat(MailCharsets.decode(cutOff, "utf-8")).as("cut " + cut).startsWith("日志已上");
        }
    }

    @Test
    void bouncesAreRecognisedAsAutomaticMail() throws Exception {
        assertThat(parse("bounce-delivery-report-matching-no-case.eml").automated())
                .isTrue();
        assertThat(parse("gbk-subject-and-gb18030-body.eml").automated()).isFalse();
    }

    @Test
    void mailWithoutAnySenderIsRejectedWithAReason() {
        assertThatThrownBy(() -> parse("malformed-missing-from.eml"))
                .isInstanceOf(MailRejectedException.class)
                .hasMessageContaining("no usable sender");
    }

    @Test
    void multipartCutOffBeforeItsEndBoundaryKeepsWhatArrived() throws Exception {
        InboundMail mail = parse("malformed-multipart-without-end-boundary.eml");

        assertThat(mail.text()).isEqualTo("日志上传到一半断了");
        assertThat(mail.attachments()).extracting(InboundAttachment::fileName).containsExactly("dism.log");
    }

    @Test
    void multipartWithoutBoundaryIsKeptAsText() throws Exception {
        InboundMail mail = parse("malformed-multipart-without-boundary-parameter.eml");

        assertThat(mail.text()).contains("this is not really multipart");
    }

    @Test
    void unknownCharsetIsGuessedAndNoted() throws Exception {
        InboundMail mail = parse("malformed-unknown-charset.eml");

        assertThat(mail.subject()).isEqualTo("未知字符集");
        assertThat(mail.text()).isEqualTo("正文是 GB18030 编码的。");
        assertThat(mail.notes()).anyMatch(note -> note.contains("unknown charset"));
    }

    @Test
    void raw8bitGbkSubjectFromOldClientsIsRecovered() throws Exception {
        InboundMail mail = parse("malformed-raw-8bit-gbk-subject.eml");

        assertThat(mail.subject()).isEqualTo("补丁问题 CAS-10610-F5B0M9");
        assertThat(mail.text()).isEqualTo("正文没有标注字符集");
    }

    @Test
    void lineBreaksSmuggledIntoTheSubjectAreFlattened() throws Exception {
        InboundMail mail = parse("malformed-header-injection-in-subject.eml");

        assertThat(mail.subject()).doesNotContain("\r", "\n").startsWith("hello Bcc: victim@example.com");
    }

    @Test
    void badBase64KeepsTheReadablePart() throws Exception {
        assertThat(parse("malformed-bad-base64-body.eml").text()).startsWith("前半段正常");
    }

    @Test
    void unknownTransferEncodingKeepsThePartAsSent() throws Exception {
        InboundMail mail = parse("malformed-unknown-transfer-encoding.eml");

        assertThat(mail.text()).isEqualTo("原样保留");
        assertThat(mail.notes()).anyMatch(note -> note.contains("unknown transfer encoding"));
    }

    @Test
    void binaryGarbageIsRejectedNotThrownAround() {
        assertThatThrownBy(() -> parse("malformed-binary-garbage.eml")).isInstanceOf(MailRejectedException.class);
    }

    @Test
    void attachmentsOverTheLimitAreLeftInTheMailboxAndNoted() throws Exception {
        InboundMailParser strict =
                new InboundMailParser(new MailProperties.Limits(DataSize.ofMegabytes(5), DataSize.ofBytes(10), 10_000));

        InboundMail mail = strict.parse(fixture("attachments-with-chinese-file-names.eml"));

        assertThat(mail.attachments()).isEmpty();
        assertThat(mail.notes()).anyMatch(note -> note.contains("CBS日志.log") && note.contains("not stored"));
    }

    @Test
    void messagesOverTheSizeLimitAreRejected() {
        InboundMailParser tiny =
                new InboundMailParser(new MailProperties.Limits(DataSize.ofBytes(100), DataSize.ofBytes(10), 10_000));

        assertThatThrownBy(() -> tiny.parse(fixture("gbk-subject-and-gb18030-body.eml")))
                .isInstanceOf(MailRejectedException.class)
                .hasMessageContaining("exceeds the limit");
    }
}
