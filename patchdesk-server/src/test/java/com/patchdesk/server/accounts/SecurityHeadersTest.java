package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/** Headers on every page and API answer, cookies behind a TLS proxy, OpenAPI for staff, errors as problems. */
@DeskTest
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class SecurityHeadersTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Value("${local.server.port}")
    int port;

    @Test
    void pagesAndApiAnswersCarryCspAndReferrerPolicyAndHstsOnlyWhenSecure() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/login", "/cases", "/help", "/no-such-page", "/error", "/css/console.css")) {
            HttpResponse<String> page = get(http, path, false);
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .contains(WebSecurity.PAGE_CSP);
            assertThat(page.headers().firstValue("Referrer-Policy"))
                    .as(path)
                    .contains("strict-origin-when-cross-origin");
            assertThat(page.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .contains("nosniff");
            assertThat(page.headers().firstValue("Strict-Transport-Security"))
                    .as(path + " over http")
                    .isEmpty();
            assertThat(get(http, path, true).headers().firstValue("Strict-Transport-Security"))
                    .as(path)
                    .get()
                    .asString()
                    .contains("max-age=31536000");
        }
        ApiClient.Response apiAnswer = api.as(fixtures.engineer()).get("/api/users/me");
        assertThat(apiAnswer.header("Content-Security-Policy")).isEqualTo(WebSecurity.API_CSP);
        assertThat(apiAnswer.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
    }

    @Test
    void theSessionCookieIsSameSiteLaxHttpOnlyAndSecureBehindATlsProxy() throws Exception {
        Actor engineer = fixtures.engineer();
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        // The form over plain http (a Secure cookie would not come back over it); the sign-in through the proxy.
        String form = get(http, "/login", false).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("X-Forwarded-Proto", "https")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(engineer.email()) + "&password="
                                + enc(DeskFixtures.PASSWORD) + "&_csrf=" + enc(csrf.group(1))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void openApiIsForSignedInStaffOnly() throws Exception {
        assertThat(get(HttpClient.newHttpClient(), "/v3/api-docs", false).statusCode())
                .isEqualTo(302);
        assertThat(get(HttpClient.newHttpClient(), "/swagger-ui/index.html", false)
                        .statusCode())
                .isEqualTo(302);
        assertThat(get(signedIn(fixtures.engineer().email()), "/v3/api-docs", false)
                        .statusCode())
                .isEqualTo(200);
        assertThat(get(signedIn(fixtures.customer(fixtures.organisation("文档银行")).email()), "/v3/api-docs", false)
                        .statusCode())
                .isEqualTo(403);
    }

    /**
     * Every address springdoc answers on, not only {@code /v3/api-docs}: until 2026-12-08 the YAML form
     * {@code /v3/api-docs.yaml} matched neither {@code /v3/api-docs} nor {@code /v3/api-docs/**} and was served to any
     * signed-in customer.
     */
    @Test
    void everyFormOfTheApiDescriptionIsRefusedToCustomers() throws Exception {
        HttpClient customer =
                signedIn(fixtures.customer(fixtures.organisation("文档银行 YAML")).email());
        HttpClient engineer = signedIn(fixtures.engineer().email());
        for (String path :
                List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui/index.html")) {
            assertThat(get(customer, path, false).statusCode()).as(path).isEqualTo(403);
            assertThat(get(engineer, path, false).statusCode()).as(path).isEqualTo(200);
            assertThat(get(HttpClient.newHttpClient(), path, false).statusCode())
                    .as(path)
                    .isEqualTo(302);
        }
    }

    @Test
    void apiErrorsAreProblemsAndPageErrorsArePages() throws Exception {
        ApiClient.Caller engineer = api.as(fixtures.engineer());
        for (ApiClient.Response response : List.of(
                engineer.get("/api/no-such-thing"),
                engineer.delete("/api/cases"),
                engineer.post("/api/cases", "{not json"))) {
            assertThat(response.status()).as(response.toString()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        }
        HttpResponse<String> error = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/error"))
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.body()).contains("<html");
    }

    @Test
    void noTemplateHasInlineScriptStyleOrEventHandlers() throws Exception {
        Pattern inline =
                Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|<style\\b|\\sstyle=\"|\\sth:style=|\\son[a-z]+=\"");
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path template :
                    templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher found = inline.matcher(Files.readString(template));
                assertThat(found.find())
                        .as(template + (found.hitEnd() ? "" : ": " + found.group()))
                        .isFalse();
            }
        }
    }

    private HttpClient signedIn(String email) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(get(http, "/login", false).body());
        assertThat(csrf.find()).isTrue();
        http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(email) + "&password="
                                + enc(DeskFixtures.PASSWORD) + "&_csrf=" + enc(csrf.group(1))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return http;
    }

    private HttpResponse<String> get(HttpClient http, String path, boolean viaTls) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (viaTls) {
            request.header("X-Forwarded-Proto", "https");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
