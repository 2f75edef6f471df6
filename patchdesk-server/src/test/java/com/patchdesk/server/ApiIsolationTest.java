package com.patchdesk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.cases.CaseRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every {@code /api} mapping the server has and calls it as a customer of another organisation. Case-scoped
 * endpoints must answer exactly as they answer for a case that does not exist (normally 404; a request another
 * feature's endpoint cannot parse may fail earlier with the same 4xx either way), never 2xx or 403. Every other
 * endpoint must be listed in {@link #OTHER_ENDPOINTS} with the answer a foreign customer gets, so a new endpoint
 * cannot slip through untested.
 */
@DeskTest
class ApiIsolationTest {

    /** Endpoints not scoped by a case number: the status a customer of another organisation gets. */
    private static final Map<String, Integer> OTHER_ENDPOINTS = Map.ofEntries(
            Map.entry("GET /api/cases", 200),
            Map.entry("POST /api/cases", 201),
            Map.entry("GET /api/organisations", 200),
            Map.entry("POST /api/organisations", 403),
            Map.entry("GET /api/mail/rejections", 403),
            Map.entry("GET /api/mail/held", 403),
            Map.entry("POST /api/mail/held/{id}/accept", 403),
            Map.entry("POST /api/mail/held/{id}/reject", 403),
            Map.entry("GET /api/organisations/{id}", 404),
            Map.entry("PATCH /api/organisations/{id}", 403),
            Map.entry("GET /api/users", 403),
            Map.entry("POST /api/users", 403),
            Map.entry("GET /api/users/me", 200),
            Map.entry("GET /api/users/{id}", 403),
            Map.entry("PATCH /api/users/{id}", 403),
            Map.entry("PUT /api/users/{id}/password", 403),
            // The stranger's own account: the probe's current password is wrong, so nothing changes.
            Map.entry("PUT /api/users/me/password", 400),
            Map.entry("GET /api/templates", 403),
            Map.entry("GET /api/templates/{name}/{locale}", 403),
            Map.entry("PUT /api/templates/{name}/{locale}", 403),
            Map.entry("GET /api/sla/alerts", 403),
            Map.entry("GET /api/organisations/{id}/calendar", 404),
            Map.entry("PUT /api/organisations/{id}/calendar", 403),
            Map.entry("DELETE /api/organisations/{id}/calendar", 403),
            Map.entry("GET /api/holiday-lists", 403),
            Map.entry("GET /api/holiday-lists/{code}", 403),
            Map.entry("PUT /api/holiday-lists/{code}", 403),
            Map.entry("GET /api/satisfaction", 403),
            Map.entry("GET /api/sign-in-locks", 403),
            Map.entry("DELETE /api/sign-in-locks/{id}", 403),
            // Tokens are the caller's own; someone else's id is not found.
            Map.entry("GET /api/tokens", 200),
            Map.entry("POST /api/tokens", 201),
            Map.entry("DELETE /api/tokens/{id}", 404),
            // Staff work: queues, assignment in bulk, attention, the fleet, the component library, the catalog.
            Map.entry("GET /api/queues", 403),
            Map.entry("POST /api/queues", 403),
            Map.entry("GET /api/queues/{queue}/cases", 403),
            Map.entry("GET /api/workload", 403),
            Map.entry("POST /api/cases/bulk", 403),
            Map.entry("GET /api/attention", 403),
            Map.entry("POST /api/attention/{number}/read", 403),
            Map.entry("GET /api/notification-settings", 403),
            // The probe's body does not parse as settings: refused before the handler's staff check, nothing read.
            Map.entry("PUT /api/notification-settings", 400),
            Map.entry("GET /api/organisations/{id}/fleet", 403),
            Map.entry("GET /api/organisations/{id}/fleet/machines.{format}", 403),
            Map.entry("GET /api/organisations/{id}/fleet/groups/draft-reply", 403),
            Map.entry("POST /api/organisations/{id}/fleet/groups/publish", 403),
            Map.entry("GET /api/similar-cases", 403),
            Map.entry("GET /api/library/components", 403),
            // Donor material comes as a zip upload: a JSON body is refused before the handler's staff check.
            Map.entry("POST /api/library/donors", 415),
            Map.entry("GET /api/admin/catalog", 403),
            Map.entry("POST /api/admin/catalog", 403));

    /** One body that passes validation for every request type, so the call reaches the access check. */
    private static final Map<String, Object> UNIVERSAL_BODY = universalBody();

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    Organisation victim;
    CaseRef victimCase;
    Actor victimCustomer;
    Actor stranger;

    @BeforeEach
    void setUp() {
        victim = fixtures.organisation("Victim Bank");
        victimCustomer = fixtures.customer(victim);
        victimCase = fixtures.openCase(victim);
        stranger = fixtures.customer(fixtures.organisation("Stranger Bank"));
    }

    @Test
    void aCustomerOfAnotherOrganisationCanReachNoCaseAndNoForeignData() {
        List<String> failures = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (var method : info.getMethodsCondition().getMethods()) {
                    String endpoint = method.name() + " " + pattern;
                    seen.add(endpoint);
                    check(endpoint, method.name(), pattern, failures);
                }
            }
        });
        assertThat(seen).as("API endpoints found").hasSizeGreaterThan(20);
        assertThat(failures).isEmpty();
        assertThat(caseScopedNotFound)
                .as("case-scoped endpoints that reached the access check and said 404")
                .hasSizeGreaterThanOrEqualTo(11);
    }

    private final List<String> caseScopedNotFound = new ArrayList<>();

    private void check(String endpoint, String method, String pattern, List<String> failures) {
        boolean caseScoped = pattern.startsWith("/api/cases/{number}");
        Object body = method.equals("GET") || method.equals("DELETE") ? null : UNIVERSAL_BODY;
        ApiClient.Response response = call(method, pattern, victimCase.number().value(), body);
        if (caseScoped) {
            ApiClient.Response missing = call(method, pattern, "CAS-00000-NOCASE", body);
            if (response.status() != missing.status() || response.status() / 100 == 2 || response.status() == 403) {
                failures.add(endpoint + ": a foreign case answered " + response + " but a missing one " + missing);
            } else if (response.status() == 404) {
                caseScopedNotFound.add(endpoint);
            }
        } else {
            Integer expected = OTHER_ENDPOINTS.get(endpoint);
            if (expected == null) {
                failures.add(endpoint + ": no isolation expectation; add it to ApiIsolationTest.OTHER_ENDPOINTS");
                return;
            }
            // {id} may be the probe's own token, made by POST /api/tokens just before (200), or none (404).
            boolean ownToken = endpoint.equals("DELETE /api/tokens/{id}") && response.status() == 200;
            if (response.status() != expected && !ownToken) {
                failures.add(endpoint + ": expected " + expected + " but got " + response);
            }
        }
        if (response.status() / 100 == 2) {
            String text = response.body();
            if (text.contains(victimCase.number().value())
                    || text.contains(victim.name())
                    || text.contains(victimCustomer.email())) {
                failures.add(endpoint + ": leaked the other organisation's data: " + text);
            }
        }
    }

    private ApiClient.Response call(String method, String pattern, String caseNumber, Object body) {
        String path = pattern.replace("{number}", caseNumber)
                .replace(
                        "{id}",
                        pattern.startsWith("/api/users")
                                ? String.valueOf(victimCustomer.userId())
                                : String.valueOf(victim.id()))
                .replace("{name}", "SCOPING")
                .replace("{locale}", "zh-CN")
                .replace("{template}", "SCOPING")
                .replace("{format}", "xlsx")
                // Any other variable (a file, mail or link id) names the victim's row id: it must not be reachable
                // either.
                .replaceAll("\\{[^}/]+}", String.valueOf(victim.id()));
        return api.as(stranger).header("If-Match", "\"0\"").send(method, path, body);
    }

    private static Map<String, Object> universalBody() {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Isolation probe");
        body.put("priority", "P3");
        body.put("summary", "probe");
        body.put("body", "probe");
        body.put("who", "probe");
        body.put("status", "SCOPING");
        body.put("email", "probe@stranger.example");
        body.put("name", "Probe Org");
        body.put("displayName", "Probe");
        body.put("password", "probe-lichen-orbit-123");
        body.put("role", "CUSTOMER");
        body.put("subject", "probe");
        body.put("enabled", false);
        body.put("scope", "READ");
        body.put("validDays", 1);
        body.put("timeZone", "Asia/Tokyo");
        body.put("currentPassword", "not-the-password-1");
        body.put("newPassword", "probe-harbor-violet-456");
        return body;
    }
}
