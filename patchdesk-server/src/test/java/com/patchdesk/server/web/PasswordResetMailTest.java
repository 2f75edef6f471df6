package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import com.icegreen.greenmail.util.GreenMail;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.PasswordResets;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The forgotten-password form is the one page a stranger can make the server send mail from: what they choose must
 * neither point the mailed link elsewhere nor fill someone's mailbox. Without {@code patchdesk.public-base-url}, as
 * here.
 */
@DeskTest
class PasswordResetMailTest {

    static final GreenMail MAIL_SERVER = TestSmtp.start();

    private static final Pattern LINK = Pattern.compile("https?://\\S+/password/reset\\?token=\\S+");

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry, MAIL_SERVER);
    }

    @AfterAll
    static void stopMailServer() {
        MAIL_SERVER.stop();
    }

    @Autowired
    WebApplicationContext context;

    @Autowired
    DeskFixtures fixtures;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
    }

    /**
     * Tomcat takes the request's server name from its Host header, which the asker writes. Until 2026-12-08 the link
     * was built on it: asking for a reset of someone else's account with {@code Host: attacker.example} mailed the
     * owner a link to the attacker's server, and the owner's click handed it the token.
     */
    @Test
    void theMailedLinkDoesNotGoWhereTheAskersHostHeaderSays() throws Exception {
        Actor victim = fixtures.customer(fixtures.organisation("Host header bank"));

        mvc.perform(post("/password/forgot")
                        .with(csrf())
                        .with(request -> {
                            request.setServerName("attacker.example");
                            request.addHeader("Host", "attacker.example");
                            return request;
                        })
                        .param("email", victim.email()))
                .andExpect(redirectedUrl("/password/forgot"));

        // The server's own address that the request reached (MockMvc's local address), not the one the asker named.
        URI link = URI.create(resetLinks(victim.email(), 1)[0]);
        assertThat(link.getHost()).isEqualTo("127.0.0.1");
    }

    /**
     * Until 2026-12-08 every request mailed a new link, without limit: a script could send an account's owner
     * thousands of mails, each queued in memory on the way out. Past {@link PasswordResets#MAILS_PER_HOUR} in an hour
     * the asker gets the same answer and no mail goes out; the links already mailed still work.
     */
    @Test
    void aFloodOfRequestsForOneAccountMailsOnlyAFewLinks() throws Exception {
        Actor victim = fixtures.customer(fixtures.organisation("Mailbox flood bank"));
        for (int i = 0; i < 12; i++) {
            mvc.perform(post("/password/forgot").with(csrf()).param("email", victim.email()))
                    .andExpect(redirectedUrl("/password/forgot"))
                    .andExpect(flash().attribute("notice", "password.forgot.sent"));
        }
        // Account mail goes out one at a time in order: once a later one has arrived, the flood's have all been sent.
        Actor later = fixtures.customer(fixtures.organisation("Mailbox flood bank, later"));
        mvc.perform(post("/password/forgot").with(csrf()).param("email", later.email()));
        resetLinks(later.email(), 1);

        assertThat(MAIL_SERVER.getReceivedMessagesForDomain(victim.email())).hasSize(PasswordResets.MAILS_PER_HOUR);
    }

    private static String[] resetLinks(String address, int count) {
        MimeMessage[] mails = await("password reset mail to " + address)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> MAIL_SERVER.getReceivedMessagesForDomain(address), received -> received.length >= count);
        String[] links = new String[mails.length];
        for (int i = 0; i < mails.length; i++) {
            try {
                Matcher found = LINK.matcher((String) mails[i].getContent());
                assertThat(found.find()).as("the mail holds the reset link").isTrue();
                links[i] = found.group();
            } catch (jakarta.mail.MessagingException | java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return links;
    }
}
