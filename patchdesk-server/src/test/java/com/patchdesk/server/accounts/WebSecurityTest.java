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

    @Autowired ApiClient api;
    @Autowired DeskFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Value("${local.server.port}") int port;

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
        assertThat(api.as(engineer.email(), "not-the-password").get("/api/cases/CAS-10610-F5B0M9").status())
                .isEqualTo(401);

        Actor customer = fixtures.customer(fixtures.organisation("Disabled Ltd"));
        assertThat(api.as(customer).get("/api/cases/CAS-10610-F5B0M9").status()).isEqualTo(404);
        jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = :id").param("id", customer.userId()).update();
        assertThat(api.as(customer).get("/api/cases/CAS-10610-F5B0M9").status()).isEqualTo(401);
    }

    @Test
    void emailsSignInCaseInsensitively() {
        Actor engineer = fixtures.engineer();
        assertThat(api.as(engineer.email().toUpperCase(), DeskFixtures.PASSWORD).get("/api/cases/CAS-10610-F5B0M9")
                .status()).isEqualTo(404);
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        Actor engineer = fixtures.engineer();
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = :id").param("id", engineer.userId())
                .query(String.class).single();
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
        assertThat(fetch(http, "/v3/api-docs").statusCode()).isEqualTo(200);
        HttpResponse<String> login = fetch(http, "/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"_csrf\"").contains("登录");

        HttpResponse<String> page = fetch(http, "/cases");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).get().asString().endsWith("/login");
    }

    @Test
    void formLoginWithoutACsrfTokenIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + DeskFixtures.BOOTSTRAP_ADMIN + "&password=" + DeskFixtures.PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> fetch(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
