package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console's counterpart of {@code ApiIsolationTest}: walks every page mapping the server has (everything but
 * {@code /api}, the tokened {@code /d}, {@code /c} and {@code /u} links and the sign-in pages) and calls it, signed
 * in, as a customer of another organisation, with a valid CSRF token and form fields that pass every form's checks.
 * A page under {@code /cases/{number}} or {@code /portal/cases/{number}} must answer exactly as it answers for a case
 * that does not exist, never 2xx or 3xx; every other page must be listed in {@link #OTHER_PAGES} with what a
 * foreign customer gets, so that a new page cannot slip through untested. No answer may name the other
 * organisation's case, organisation or customer.
 */
@DeskTest
class PageIsolationTest {

    /** Pages not scoped by a case number: the status a customer of another organisation gets. */
    private static final Map<String, Integer> OTHER_PAGES = Map.ofEntries(
            // The customer's own start and list: their own organisation's cases only.
            Map.entry("GET /", 302),
            Map.entry("GET /portal", 200),
            Map.entry("GET /help", 200),
            Map.entry("GET /account/tokens", 200),
            Map.entry("POST /account/tokens", 200),
            // Someone else's token id is simply not found.
            Map.entry("POST /account/tokens/{id}/revoke", 404),
            Map.entry("GET /cases", 403),
            Map.entry("GET /cases/queue", 403),
            Map.entry("GET /cases/new", 403),
            Map.entry("POST /cases/new", 403),
            Map.entry("POST /cases/bulk", 403),
            Map.entry("GET /queues", 403),
            Map.entry("POST /queues", 403),
            Map.entry("GET /attention", 403),
            Map.entry("POST /attention/{number}/read", 403),
            Map.entry("POST /attention/settings", 403),
            Map.entry("GET /mail/held", 403),
            Map.entry("POST /mail/held/{id}/{decision:accept|reject}", 403),
            Map.entry("GET /mail/rejected", 403),
            Map.entry("GET /organisations/{id}/fleet", 403),
            Map.entry("GET /organisations/{id}/fleet/machines.{format}", 403),
            Map.entry("GET /organisations/{id}/fleet/draft", 403),
            Map.entry("POST /organisations/{id}/fleet/publish", 403),
            Map.entry("GET /admin", 403),
            Map.entry("GET /admin/sla", 403),
            Map.entry("GET /admin/catalog", 403),
            Map.entry("POST /admin/catalog", 403),
            Map.entry("GET /admin/organisations", 403),
            Map.entry("POST /admin/organisations", 403),
            Map.entry("POST /admin/organisations/{id}", 403),
            Map.entry("GET /admin/users", 403),
            Map.entry("POST /admin/users", 403),
            Map.entry("POST /admin/users/{id}/enabled", 403),
            Map.entry("POST /admin/users/{id}/password", 403),
            Map.entry("GET /admin/templates", 403),
            Map.entry("GET /admin/templates/{name}/{locale}", 403),
            Map.entry("POST /admin/templates/{name}/{locale}", 403),
            Map.entry("POST /admin/templates/{name}/{locale}/preview", 403),
            // The API's description: for signed-in staff.
            Map.entry("GET /v3/api-docs", 403),
            Map.entry("GET /v3/api-docs.yaml", 403),
            Map.entry("GET /v3/api-docs/swagger-config", 403),
            Map.entry("GET /swagger-ui.html", 403));

    /** Paths with their own secret or none: the tokened links, sign-in and the password reset. */
    private static final List<String> NOT_SIGNED_IN = List.of("/d/", "/c/", "/u/", "/login", "/password/", "/error");

    /** One set of form fields that passes the checks of every console form, so the call reaches the access check. */
    private static final Map<String, String> UNIVERSAL_FORM = Map.ofEntries(
            Map.entry("text", "probe"),
            Map.entry("note", "probe"),
            Map.entry("summary", "probe"),
            Map.entry("body", "probe"),
            Map.entry("subject", "probe"),
            Map.entry("who", "probe"),
            Map.entry("status", "SCOPING"),
            Map.entry("title", "probe"),
            Map.entry("priority", "P3"),
            Map.entry("version", "0"),
            Map.entry("reason", "DUPLICATE"),
            Map.entry("into", "CAS-00000-NOCASE"),
            Map.entry("owner", "me"),
            Map.entry("queue", ""),
            Map.entry("fileId", "1"),
            Map.entry("validDays", "1"),
            Map.entry("signature", "probe"),
            Map.entry("url", "http://localhost/d/1?t=probe"),
            Map.entry("template", "SCOPING"),
            Map.entry("name", "probe"),
            Map.entry("scope", "READ"),
            Map.entry("to", "probe@stranger.example"));

    @Autowired
    WebApplicationContext context;

    @Autowired
    UserDetailsService users;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    MockMvc mvc;
    Organisation victim;
    CaseRef victimCase;
    Actor victimCustomer;
    Actor stranger;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        victim = fixtures.organisation("Page victim bank");
        victimCustomer = fixtures.customer(victim);
        victimCase = fixtures.openCase(victim);
        stranger = fixtures.customer(fixtures.organisation("Page stranger bank"));
    }

    @Test
    void aCustomerOfAnotherOrganisationCanOpenNoPageOfItsCases() throws Exception {
        List<String> failures = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (var mapping : mappings.getHandlerMethods().keySet()) {
            for (String pattern : mapping.getPatternValues()) {
                if (pattern.startsWith("/api/") || NOT_SIGNED_IN.stream().anyMatch(pattern::startsWith)) {
                    continue;
                }
                var methods = mapping.getMethodsCondition().getMethods();
                for (var method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    String endpoint = method.name() + " " + pattern;
                    if (seen.add(endpoint)) {
                        check(endpoint, method.name(), pattern, failures);
                    }
                }
            }
        }
        assertThat(seen).as("console pages found").hasSizeGreaterThan(40);
        assertThat(failures).isEmpty();
    }

    private void check(String endpoint, String method, String pattern, List<String> failures) throws Exception {
        boolean caseScoped = pattern.startsWith("/cases/{number}") || pattern.startsWith("/portal/cases/{number}");
        MockHttpServletResponse foreign =
                call(method, pattern, victimCase.number().value());
        if (caseScoped) {
            MockHttpServletResponse missing = call(method, pattern, "CAS-00000-NOCASE");
            int status = foreign.getStatus();
            // A staff-only page may say 403 before it looks the case up, but then it says so for a missing case too.
            if (status != missing.getStatus() || status / 100 == 2 || status / 100 == 3) {
                failures.add(
                        endpoint + ": a foreign case answered " + status + " but a missing one " + missing.getStatus());
            }
        } else {
            Integer expected = OTHER_PAGES.get(endpoint);
            if (expected == null) {
                failures.add(endpoint + ": no isolation expectation; add it to PageIsolationTest.OTHER_PAGES");
            } else if (foreign.getStatus() != expected && !ownToken(endpoint, foreign)) {
                failures.add(endpoint + ": expected " + expected + " but got " + foreign.getStatus());
            }
        }
        String text = foreign.getContentAsString() + " " + foreign.getHeaderValues("Location");
        if (text.contains(victimCase.number().value())
                || text.contains(victim.name())
                || text.contains(victimCustomer.email())) {
            failures.add(endpoint + ": named the other organisation's data");
        }
    }

    /** {id} may be a token the probe made itself by {@code POST /account/tokens} just before: revoked, back to the list. */
    private static boolean ownToken(String endpoint, MockHttpServletResponse response) {
        return endpoint.equals("POST /account/tokens/{id}/revoke") && response.getStatus() == 302;
    }

    private MockHttpServletResponse call(String method, String pattern, String caseNumber) throws Exception {
        String path = pattern.replace("{number}", caseNumber)
                .replace("{name}", "SCOPING")
                .replace("{locale}", "zh-CN")
                .replace("{format}", "csv")
                .replace("{decision:accept|reject}", "accept")
                // Any other variable (a file, diagnosis, link, user or organisation id) names the victim's row id.
                .replaceAll("\\{[^}/]+}", String.valueOf(victim.id()));
        MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), path)
                .with(user(users.loadUserByUsername(stranger.email())))
                .with(csrf());
        if (method.equals("POST") && pattern.endsWith("/files")) {
            request = request.contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .param("name", "probe.txt")
                    .content("probe".getBytes(StandardCharsets.UTF_8));
        } else if (method.equals("GET")) {
            // The one query parameter a page requires (a fleet group's draft); list filters stay unset.
            request = request.param("signature", "probe");
        } else {
            for (var field : UNIVERSAL_FORM.entrySet()) {
                request = request.param(field.getKey(), field.getValue());
            }
        }
        return mvc.perform(request).andReturn().getResponse();
    }
}
