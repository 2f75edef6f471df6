package com.patchdesk.server.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.patchdesk.server.DeskTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server against a real SMTP and IMAP server (GreenMail in this JVM, on free ports). One GreenMail
 * serves every mail test class, so they share one application context; each test starts with empty mailboxes.
 */
@DeskTest
abstract class CaseMailTestSupport {

    static final String SUPPORT_ADDRESS = "support@patchdesk.test";
    /** The authserv-id of "our receiving server": the one whose Authentication-Results the server trusts. */
    static final String AUTHSERV_ID = "mx.patchdesk.test";

    static final GreenMail MAIL_SERVER = startMailServer();
    static final GreenMailUser SUPPORT = MAIL_SERVER.setUser(SUPPORT_ADDRESS, "support", "support-secret");

    private static GreenMail startMailServer() {
        GreenMail server = new GreenMail(
                new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        // Attachments of received mail are stored as case files: keep their blobs out of the source tree.
        registry.add("patchdesk.data-dir", () -> "target/test-data");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL_SERVER.getSmtp().getPort());
        registry.add("patchdesk.mail.domain", () -> "patchdesk.test");
        registry.add("patchdesk.mail.from", () -> SUPPORT_ADDRESS);
        registry.add("patchdesk.mail.imap.enabled", () -> "true");
        registry.add("patchdesk.mail.imap.host", () -> "127.0.0.1");
        registry.add("patchdesk.mail.imap.port", () -> MAIL_SERVER.getImap().getPort());
        registry.add("patchdesk.mail.imap.protocol", () -> "imap");
        registry.add("patchdesk.mail.imap.user", () -> "support");
        registry.add("patchdesk.mail.imap.password", () -> "support-secret");
        registry.add("patchdesk.mail.authentication.authserv-id", () -> AUTHSERV_ID);
        // Tests poll and send by calling the components; the schedules must not run in between.
        registry.add("patchdesk.mail.imap.interval", () -> "PT1H");
        registry.add("patchdesk.mail.outbox.interval", () -> "PT1H");
    }

    @Autowired
    OutboxSender outboxSender;

    /**
     * Tests share the database, so mail another test queued and never sent would reach this test's mailboxes:
     * it is sent first, then every mailbox is emptied.
     */
    @BeforeEach
    void emptyOutboxAndMailboxes() throws Exception {
        outboxSender.sendDue();
        MAIL_SERVER.purgeEmailFromAllMailboxes();
    }

    /**
     * What our receiving server writes into a mail whose sender passed DMARC. Real customer mail arrives like this
     * (the per-organisation switch is for customers whose servers sign nothing), so the tests' customer mail
     * carries it.
     */
    static MimeMessage authenticated(MimeMessage mail) throws Exception {
        String from = ((jakarta.mail.internet.InternetAddress) mail.getFrom()[0]).getAddress();
        mail.addHeader(
                "Authentication-Results",
                AUTHSERV_ID + "; dmarc=pass (p=reject dis=none) header.from=" + from.substring(from.indexOf('@') + 1));
        return mail;
    }

    static MimeMessage eml(String fixture) throws Exception {
        try (InputStream in = CaseMailTestSupport.class.getResourceAsStream("/mail/" + fixture)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    static Session smtpSession() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(MAIL_SERVER.getSmtp().getPort()));
        return Session.getInstance(props);
    }
}
