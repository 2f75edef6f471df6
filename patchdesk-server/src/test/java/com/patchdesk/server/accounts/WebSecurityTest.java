package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

@DeskTest
class WebSecurityTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Value("${local.server.port}")
    int port;

    @Test
    void apiWithoutCredentialsGetsA401ProblemAndABasicChallenge() {
        ApiClient.Response response = api.anonymous().get("/api/cases/CAS-10610-F5B0M9");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
    }

    @Test
    void wrongPasswordAndDisabledUsersAreRejected() {
        Actor engineer = fixtures.engineer();
        assertThat(api.as(engineer.email(), "not-the-password")
                        .get("/api/cases/CAS-10610-F5B0M9")
                        .status())
                .isEqualTo(401);

        Actor customer = fixtures.customer(fixtures.organisation("Disabled Ltd"));
        assertThat(api.as(customer).get("/api/cases/CAS-10610-F5B0M9").status()).isEqualTo(404);
        jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = :id")
                .param("id", customer.userId())
                .update();
        assertThat(api.as(customer).get("/api/cases/CAS-10610-F5B0M9").status()).isEqualTo(401);
    }

    @Test
    void emailsSignInCaseInsensitively() {
        Actor engineer = fixtures.engineer();
        assertThat(api.as(engineer.email().toUpperCase(), DeskFixtures.PASSWORD)
                        .get("/api/cases/CAS-10610-F5B0M9")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        Actor engineer = fixtures.engineer();
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = :id")
                .param("id", engineer.userId())
                .query(String.class)
                .single();
        assertThat(hash).startsWith("$2").doesNotContain(DeskFixtures.PASSWORD);
    }

    @Test
    void theBootstrapAdminWasCreatedOnFirstStartFromTheConfiguredCredentials() {
        Actor admin = fixtures.bootstrapAdmin();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(api.as(admin).get("/api/cases/CAS-10610-F5B0M9").status()).isEqualTo(404);
    }

    @Test
    void publicPathsNeedNoSignInAndPagesRedirectToTheLoginForm() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(fetch(http, "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(fetch(http, "/v3/api-docs").statusCode())
                .as("OpenAPI is for signed-in staff")
                .isEqualTo(302);
        HttpResponse<String> login = fetch(http, "/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"_csrf\"").contains("登录");

        HttpResponse<String> page = fetch(http, "/cases");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).get().asString().endsWith("/login");
    }

    @Test
    void formLoginWithoutACsrfTokenIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("username=" + DeskFixtures.BOOTSTRAP_ADMIN
                                        + "&password=" + DeskFixtures.PASSWORD))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aBrowserSessionEndsWhenTheAccountIsDisabled() throws Exception {
        Actor engineer = fixtures.engineer();
        HttpClient browser = signedIn(engineer.email(), DeskFixtures.PASSWORD);
        assertThat(fetch(browser, "/cases").statusCode()).isEqualTo(200);

        assertThat(api.as(fixtures.admin())
                        .patch("/api/users/" + engineer.userId(), java.util.Map.of("enabled", false))
                        .status())
                .isEqualTo(200);

        HttpResponse<String> after = fetch(browser, "/cases");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).get().asString().endsWith("/login");
    }

    @Test
    void otherBrowserSessionsEndWhenThePasswordChanges() throws Exception {
        Actor customer = fixtures.customer(fixtures.organisation("共享电脑银行"));
        HttpClient leftOpen = signedIn(customer.email(), DeskFixtures.PASSWORD);
        assertThat(fetch(leftOpen, "/portal").statusCode()).isEqualTo(200);

        assertThat(api.as(customer)
                        .put(
                                "/api/users/me/password",
                                java.util.Map.of(
                                        "currentPassword",
                                        DeskFixtures.PASSWORD,
                                        "newPassword",
                                        "换了的密码-lichen-orbit-88"))
                        .status())
                .isEqualTo(204);

        assertThat(fetch(leftOpen, "/portal").statusCode()).isEqualTo(302);
        assertThat(fetch(signedIn(customer.email(), "换了的密码-lichen-orbit-88"), "/portal")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void browserSessionsAreKeptInTheDatabaseSoARestartSignsNobodyOut() throws Exception {
        Actor engineer = fixtures.engineer();
        HttpClient browser = signedIn(engineer.email(), DeskFixtures.PASSWORD);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = :email")
                        .param("email", engineer.email())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(fetch(browser, "/cases").statusCode()).isEqualTo(200);
    }

    /**
     * A browser keeps the HTTP Basic credentials it was challenged for (the API answers 401 with a Basic challenge,
     * and opening a file's {@code /api/…/content} in the browser is how staff fetch a case file) and sends them with
     * every later request to the server, also with a form another site posts there: a form can send a multipart file
     * or an empty POST without any preflight. Until 2026-12-08 the API took such a request as the user's own (a
     * planted file, a consent, a held mail accepted); now an unsafe request the browser marks as coming from another
     * site ({@code Sec-Fetch-Site}, or without it an {@code Origin} other than the server's) is refused with 403.
     * Scripts and the same origin go on as before.
     */
    @Test
    void aFormAnotherSitePostsToTheApiWithTheBrowsersBasicCredentialsIsRefused() throws Exception {
        Actor engineer = fixtures.engineer();
        String number =
                fixtures.openCase(fixtures.organisation("跨站银行")).number().value();
        String path = "/api/cases/" + number + "/files";

        assertThat(formUpload(engineer, path, "https://attacker.example", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(formUpload(engineer, path, "https://sibling.patchdesk.test", "same-site")
                        .statusCode())
                .isEqualTo(403);
        // A browser that sends no Sec-Fetch-* headers still says where the form came from.
        assertThat(formUpload(engineer, path, "https://attacker.example", null).statusCode())
                .isEqualTo(403);
        assertThat(formUpload(engineer, path, "null", null).statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM case_files f JOIN cases c ON c.id = f.case_id WHERE c.number = :n")
                        .param("n", number)
                        .query(Long.class)
                        .single())
                .as("files planted by other sites")
                .isZero();

        // The server's own pages and scripts (which send neither header) upload as before.
        assertThat(formUpload(engineer, path, "http://localhost:" + port, "same-origin")
                        .statusCode())
                .isEqualTo(201);
        assertThat(formUpload(engineer, path, "http://localhost:" + port, null).statusCode())
                .isEqualTo(200);
        assertThat(formUpload(engineer, path, null, null).statusCode()).isEqualTo(200);
        // Reading is no change: a cross-site GET (an image, a link) answers as before.
        assertThat(api.as(engineer)
                        .header("Origin", "https://attacker.example")
                        .header("Sec-Fetch-Site", "cross-site")
                        .get(path)
                        .status())
                .isEqualTo(200);
    }

    /** What a form with a file field posts: multipart, the credentials the browser keeps, its origin headers. */
    private HttpResponse<String> formUpload(Actor user, String path, String origin, String fetchSite) throws Exception {
        String body = "--form\r\nContent-Disposition: form-data; name=\"file\"; filename=\"planted.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nplanted by a form\r\n--form--\r\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", ApiClient.basic(user.email(), DeskFixtures.PASSWORD))
                .header("Content-Type", "multipart/form-data; boundary=form")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A browser-like client (cookies, no redirects followed) signed in through the login form. */
    private HttpClient signedIn(String email, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        String form = fetch(http, "/login").body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(form);
        assertThat(csrf.find()).as("CSRF token on the login form").isTrue();
        String body = "username=" + enc(email) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).get().asString().doesNotContain("error");
        return http;
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpResponse<String> fetch(HttpClient http, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
