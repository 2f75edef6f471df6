package com.patchdesk.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a case mail's threading headers may carry: ids from received mail are written only if they stay one header. */
class OutboundMessageTest {

    @Test
    void threadingIdsOutsideAsciiAreLeftOutSoNoHeaderCanBeSplit() throws Exception {
        OutboundMessage mail = new OutboundMessage(
                1,
                "<out-1@patchdesk.local>",
                "support@patchdesk.local",
                "技术支持",
                List.of("it@bank.example"),
                "Re: 日志",
                "请查收。",
                null,
                "<a上Bcc: victim@bank.example>",
                "<case-1@patchdesk.local> <b上上Subject: forged@evil.example> <case-2@patchdesk.local>");
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        mail.writeTo(message);
        message.saveChanges();
        message.setHeader("Message-ID", "<out-1@patchdesk.local>");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        message.writeTo(wire);
        String headers = wire.toString(StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];

        assertThat(message.getHeader("In-Reply-To")).isNull();
        assertThat(message.getHeader("References", " ")).isEqualTo("<case-1@patchdesk.local> <case-2@patchdesk.local>");
        assertThat(headers).doesNotContain("Bcc:").doesNotContain("forged@evil.example");
        assertThat(headers.lines().filter(line -> line.startsWith("Subject:"))).hasSize(1);
    }

    @Test
    void writableIdsKeepOnlyWholeAsciiIds() {
        assertThat(OutboundMessage.writableIds(null)).isEmpty();
        assertThat(OutboundMessage.writableIds("  <a@b>\t<c@d>  ")).isEqualTo("<a@b> <c@d>");
        assertThat(OutboundMessage.writableIds("<a@b> <x\u00e9@y> <no-brackets@z <e@f>"))
                .isEqualTo("<a@b> <e@f>");
    }
}
