package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.audit.AuditTrail;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@DeskTest
class AccountsApiTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    AuditTrail audit;

    @Test
    void anAdminCreatesAnOrganisationAndACustomerWhoCanThenSignIn() {
        Actor admin = fixtures.admin();
        String suffix = Long.toString(System.nanoTime(), 36);

        ApiClient.Response org = api.as(admin)
                .post("/api/organisations", Map.of("name", "招商银行 " + suffix, "emailDomain", suffix + ".cmb.example"));
        assertThat(org.status()).as(org.toString()).isEqualTo(201);
        long orgId = org.json().path("id").asLong();

        ApiClient.Response user =
                api.as(admin).post("/api/users", newUser("li.na@" + suffix + ".cmb.example", "李娜", "CUSTOMER", orgId));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        assertThat(user.body()).doesNotContain("password");

        JsonNode me = api.as("Li.Na@" + suffix + ".cmb.example", "willow-quartz-ember-92")
                .get("/api/users/me")
                .json();
        assertThat(me.path("displayName").asString()).isEqualTo("李娜");
        assertThat(me.path("organisationId").asLong()).isEqualTo(orgId);
        assertThat(me.path("locale").asString())
                .as("a language tag, as accounts are created with")
                .isEqualTo("zh-CN");
        assertThat(audit.forEntity("user", user.json().path("id").asLong()))
                .filteredOn(r -> !r.action().equals("signed in"))
                .extracting(r -> r.actorLabel())
                .containsOnly(admin.email());
    }

    @Test
    void badAccountsAreRefusedWithFieldErrors() {
        Actor admin = fixtures.admin();
        long orgId = fixtures.organisation("Bank").id();

        assertThat(field(api.as(admin).post("/api/users", newUser("not-an-email", "x", "CUSTOMER", orgId))))
                .isEqualTo("email");
        assertThat(field(api.as(admin).post("/api/users", newUser("a@b.example", "x", "CUSTOMER", null))))
                .isEqualTo("organisationId");
        assertThat(field(api.as(admin).post("/api/users", newUser("a@b.example", "x", "ENGINEER", orgId))))
                .isEqualTo("organisationId");
        Actor existing = fixtures.engineer();
        assertThat(field(api.as(admin)
                        .post("/api/users", newUser(existing.email().toUpperCase(), "x", "ENGINEER", null))))
                .isEqualTo("email");
        Map<String, Object> badLocale = newUser("c@b.example", "x", "ENGINEER", null);
        badLocale.put("locale", "fr");
        assertThat(field(api.as(admin).post("/api/users", badLocale))).isEqualTo("locale");
        assertThat(field(api.as(admin).post("/api/organisations", Map.of("name", "x", "emailDomain", "no domain"))))
                .isEqualTo("emailDomain");
    }

    @Test
    void engineersAndCustomersCannotManageAccounts() {
        Actor engineer = fixtures.engineer();
        assertThat(api.as(engineer)
                        .post("/api/users", newUser("x@y.example", "x", "ADMIN", null))
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer)
                        .post("/api/organisations", Map.of("name", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer).get("/api/organisations").status()).isEqualTo(200);
    }

    @Test
    void aDisabledUserCanNoLongerSignIn() {
        Actor admin = fixtures.admin();
        Actor engineer = fixtures.engineer();

        ApiClient.Response disabled = api.as(admin).patch("/api/users/" + engineer.userId(), Map.of("enabled", false));

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(api.as(engineer).get("/api/users/me").status()).isEqualTo(401);
        assertThat(api.as(admin)
                        .patch("/api/users/" + admin.userId(), Map.of("enabled", false))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aUserChangesTheirPasswordOnlyByGivingTheCurrentOne() {
        Actor engineer = fixtures.engineer();

        assertThat(field(api.as(engineer)
                        .put(
                                "/api/users/me/password",
                                Map.of("currentPassword", "wrong-password-1", "newPassword", "新的密码-long-enough"))))
                .isEqualTo("currentPassword");
        assertThat(field(api.as(engineer)
                        .put(
                                "/api/users/me/password",
                                Map.of("currentPassword", DeskFixtures.PASSWORD, "newPassword", "short"))))
                .isEqualTo("newPassword");
        assertThat(field(api.as(engineer)
                        .put(
                                "/api/users/me/password",
                                Map.of(
                                        "currentPassword",
                                        DeskFixtures.PASSWORD,
                                        "newPassword",
                                        DeskFixtures.PASSWORD))))
                .isEqualTo("newPassword");

        ApiClient.Response changed = api.as(engineer)
                .put(
                        "/api/users/me/password",
                        Map.of("currentPassword", DeskFixtures.PASSWORD, "newPassword", "新的密码-long-enough"));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertThat(api.as(engineer).get("/api/users/me").status()).isEqualTo(401);
        assertThat(api.as(engineer.email(), "新的密码-long-enough")
                        .get("/api/users/me")
                        .status())
                .isEqualTo(200);
        assertThat(audit.forEntity("user", engineer.userId()))
                .extracting(r -> r.action())
                .contains("password changed");
        assertThat(audit.forEntity("user", engineer.userId()).toString()).doesNotContain("新的密码");
    }

    @Test
    void onlyAnAdminResetsSomeoneElsesPassword() {
        Actor admin = fixtures.admin();
        Actor engineer = fixtures.engineer();
        Actor customer = fixtures.customer(fixtures.organisation("Bank"));

        assertThat(api.as(engineer)
                        .put(
                                "/api/users/" + customer.userId() + "/password",
                                Map.of("newPassword", "taken-over-password"))
                        .status())
                .isEqualTo(403);
        assertThat(api.as(admin)
                        .put("/api/users/987654321/password", Map.of("newPassword", "harbor-violet-cinder-57"))
                        .status())
                .isEqualTo(404);

        ApiClient.Response reset = api.as(admin)
                .put("/api/users/" + customer.userId() + "/password", Map.of("newPassword", "harbor-violet-cinder-57"));

        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
        assertThat(api.as(customer).get("/api/users/me").status()).isEqualTo(401);
        assertThat(api.as(customer.email(), "harbor-violet-cinder-57")
                        .get("/api/users/me")
                        .status())
                .isEqualTo(200);
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    private static Map<String, Object> newUser(String email, String name, String role, Long orgId) {
        Map<String, Object> user = new HashMap<>();
        user.put("email", email);
        user.put("displayName", name);
        user.put("password", "willow-quartz-ember-92");
        user.put("role", role);
        user.put("organisationId", orgId);
        user.put("locale", "zh-CN");
        return user;
    }
}
