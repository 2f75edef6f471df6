package com.patchdesk.server.closing;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.accounts.Role;
import jakarta.mail.internet.MimeMessage;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Closing with the customer through real mail (GreenMail SMTP in this JVM) and the pages behind the links, as a
 * customer's browser uses them (a session cookie and the form's CSRF token).
 */
@DeskTest
class ClosingMailTest {

    static final GreenMail MAIL_SERVER = startMailServer();
    static final Pattern LINK = Pattern.compile("http://desk\\.example\\.test/c/(\\d+\\.[A-Za-z0-9_-]+)");

    private static GreenMail startMailServer() {
        GreenMail server = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort()});
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL_SERVER.getSmtp().getPort());
        registry.add("patchdesk.mail.domain", () -> "patchdesk.test");
        registry.add("patchdesk.mail.from", () -> "support@patchdesk.test");
        registry.add("patchdesk.mail.outbox.interval", () -> "PT0.2S");
        registry.add("patchdesk.closing.public-base-url", () -> "http://desk.example.test/");
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation bank;
    Actor customer;
    Actor engineer;
    String number;
    String path;

    @BeforeEach
    void aCaseOfAnEnglishSpeakingCustomerOpenedByAChineseSpeakingEngineer() throws Exception {
        MAIL_SERVER.purgeEmailFromAllMailboxes();
        bank = fixtures.organisation("Standard Chartered test");
        customer = fixtures.user(Role.CUSTOMER, bank.id(), "en");
        engineer = fixtures.user(Role.ENGINEER, null, "zh-CN");
        JsonNode opened = api.as(engineer)
                .post(
                        "/api/cases",
                        Map.of(
                                "title",
                                "KB5032196 fails with 0x800f0986",
                                "priority",
                                "P2",
                                "organisationId",
                                bank.id()))
                .json();
        number = opened.path("number").asString();
        path = "/api/cases/" + number;
        assertThat(opened.path("language").asString())
                .as("the case speaks the customer's language")
                .isEqualTo("en");
        api.as(engineer).post(path + "/contacts", Map.of("email", customer.email()));
        api.as(engineer).post(path + "/notes", Map.of("summary", "Please upload the CBS logs", "internal", false));
        for (String status : new String[] {"SCOPING", "INVESTIGATING"}) {
            assertThat(api.as(engineer)
                            .post(path + "/transitions", Map.of("status", status))
                            .status())
                    .isEqualTo(200);
        }
    }

    private String resolveAndReadTheLink(String subjectPart) throws Exception {
        assertThat(api.as(engineer)
                        .post(path + "/transitions", Map.of("status", "RESOLVED"))
                        .status())
                .isEqualTo(200);
        return linkFromMail(subjectPart);
    }

    private String linkFromMail(String subjectPart) throws Exception {
        for (int i = 0; i < 100; i++) {
            for (MimeMessage mail : MAIL_SERVER.getReceivedMessages()) {
                if (mail.getSubject().contains(subjectPart) && mail.getSubject().contains(number)) {
                    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(customer.email());
                    Matcher link = LINK.matcher(((String) mail.getContent()));
                    assertThat(link.find())
                            .as("a link in %s", mail.getContent())
                            .isTrue();
                    return link.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail with '" + subjectPart + "' arrived");
    }

    private String status() {
        return api.as(engineer).get(path).json().path("status").asString();
    }

    @Test
    void atResolvedTheCustomerConfirmsWithOneClickAndTheCaseClosesThenRatesItOnce() throws Exception {
        String reference = resolveAndReadTheLink("Please confirm that the problem is solved");
        Browser browser = new Browser();

        HttpResponse<String> page = browser.get("/c/" + reference);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(number)
                .contains("No log bundle was diagnosed on this case.")
                .contains("close the case");
        assertThat(status()).as("opening the link changes nothing").isEqualTo("RESOLVED");

        HttpResponse<String> confirmed = browser.post("/c/" + reference + "/confirm", page.body(), Map.of());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("the case is closed");
        assertThat(status()).isEqualTo("CLOSED");
        JsonNode entries = api.as(customer).get(path + "/entries").json();
        assertThat(entries.valueStream()
                        .map(e -> e.path("kind").asString() + ": "
                                + e.path("summary").asString()))
                .contains("CONSENT: Consent to close confirmed through the link mailed to the customer");

        assertThat(browser.post("/c/" + reference + "/confirm", page.body(), Map.of())
                        .statusCode())
                .as("a link works once")
                .isEqualTo(410);

        String survey = linkFromMail("How did we do?");
        HttpResponse<String> form = browser.get("/c/" + survey);
        assertThat(form.body()).contains("How satisfied are you");
        HttpResponse<String> rated = browser.post(
                "/c/" + survey + "/survey", form.body(), Map.of("rating", "4", "comment", "Quick and clear. 很好"));
        assertThat(rated.body()).contains("Thank you for your rating");
        assertThat(browser.post("/c/" + survey + "/survey", form.body(), Map.of("rating", "1"))
                        .statusCode())
                .isEqualTo(410);

        JsonNode results = api.as(engineer).get("/api/satisfaction").json();
        JsonNode ofBank = results.path("byOrganisation")
                .valueStream()
                .filter(g -> g.path("name").asString().equals(bank.name()))
                .findFirst()
                .orElseThrow();
        assertThat(ofBank.path("ratings").asLong()).isEqualTo(1);
        assertThat(ofBank.path("average").asDouble()).isEqualTo(4.0);
        assertThat(ofBank.path("scores").toString()).isEqualTo("[0,0,0,1,0]");
        assertThat(results.path("latestComments").get(0).path("comment").asString())
                .isEqualTo("Quick and clear. 很好");
        assertThat(api.as(customer).get("/api/satisfaction").status()).isEqualTo(403);
    }

    @Test
    void theTokenIsStoredHashedAndAWrongExpiredOrRetiredLinkDoesNothing() throws Exception {
        String reference = resolveAndReadTheLink("Please confirm");
        String token = reference.substring(reference.indexOf('.') + 1);
        assertThat(token).hasSizeGreaterThanOrEqualTo(43); // 256 bits in base64url
        String stored = jdbc.sql("SELECT token_hash FROM closing_links WHERE id = :id")
                .param("id", Long.parseLong(reference.substring(0, reference.indexOf('.'))))
                .query(String.class)
                .single();
        assertThat(stored).hasSize(64).doesNotContain(token);

        Browser browser = new Browser();
        String good = browser.get("/c/" + reference).body();
        String id = reference.substring(0, reference.indexOf('.'));
        assertThat(browser.get("/c/" + id + ".wrong" + token.substring(5)).statusCode())
                .isEqualTo(410);
        assertThat(browser.post("/c/" + id + ".wrong" + token.substring(5) + "/confirm", good, Map.of())
                        .statusCode())
                .isEqualTo(410);
        assertThat(browser.get("/c/999999." + token).statusCode()).isEqualTo(410);

        // Reopened: the link of the earlier resolution must not close the case.
        api.as(engineer).post(path + "/transitions", Map.of("status", "INVESTIGATING"));
        assertThat(browser.post("/c/" + reference + "/confirm", good, Map.of()).statusCode())
                .isEqualTo(410);
        assertThat(status()).isEqualTo("INVESTIGATING");

        MAIL_SERVER.purgeEmailFromAllMailboxes();
        String second = resolveAndReadTheLink("Please confirm");
        clock.advance(Duration.ofDays(15));
        assertThat(new Browser().get("/c/" + second).statusCode())
                .as("expired after 14 days")
                .isEqualTo(410);
        assertThat(status()).isEqualTo("RESOLVED");
    }

    /** A browser: keeps the session cookie and sends the page's CSRF token with its forms. */
    final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String pageWithForm, Map<String, String> fields) throws Exception {
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(pageWithForm);
            StringBuilder form = new StringBuilder(csrf.find() ? "_csrf=" + csrf.group(1) : "");
            fields.forEach((name, value) ->
                    form.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
