package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.audit.AuditRecord;
import com.patchdesk.server.audit.AuditTrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@DeskTest
class SignInProtectionTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    AuditTrail audit;

    @Autowired
    SignInGuard guard;

    @Autowired
    JdbcClient jdbc;

    /** Every test signs in from 127.0.0.1; its failures must not slow down the tests that share the database. */
    @AfterEach
    void forgetFailures() {
        jdbc.sql("DELETE FROM sign_in_throttle").update();
    }

    /**
     * Whoever holds a signed-in session or a token may try current passwords at the change-password call: those
     * guesses count and are slowed down as sign-ins are, and one refused is not even checked.
     */
    @Test
    void aStolenTokenGuessesTheCurrentPasswordNoFasterThanTheSignInForm() {
        Actor engineer = fixtures.engineer();
        ApiClient.Response created =
                api.as(engineer).post("/api/tokens", Map.of("name", "被盗的令牌", "scope", "WRITE", "validDays", 30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ApiClient.Caller stolen = api.anonymous()
                .header(
                        "Authorization",
                        "Bearer " + created.json().path("token").asString())
                .header("Accept-Language", "zh-CN");
        String newPassword = "copper-lantern-oxbow-teal";

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(stolen.put(
                            "/api/users/me/password",
                            Map.of("currentPassword", "guess-" + i, "newPassword", newPassword))
                    .status());
        }
        ApiClient.Response right = stolen.put(
                "/api/users/me/password", Map.of("currentPassword", DeskFixtures.PASSWORD, "newPassword", newPassword));

        assertThat(statuses.subList(0, 4)).containsOnly(400);
        assertThat(statuses.subList(4, 8)).containsOnly(429);
        assertThat(right.status())
                .as("the right password is not checked while refused")
                .isEqualTo(429);
        long wait = Long.parseLong(right.header("Retry-After"));
        assertThat(wait).isPositive();
        assertThat(right.json().path("detail").asString()).isEqualTo("此账户的密码输错次数过多，请在 " + wait + " 秒后再试");
        assertThat(audit.forEntity("user", engineer.userId()))
                .filteredOn(r -> r.action().equals("sign-in failed") && "method".equals(r.field()))
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.newValue()).isEqualTo("password-change"));

        clock.advance(Duration.ofSeconds(wait));
        assertThat(stolen.put(
                                "/api/users/me/password",
                                Map.of("currentPassword", DeskFixtures.PASSWORD, "newPassword", newPassword))
                        .status())
                .isEqualTo(204);
        // The right current password counts as a sign-in: the wrong guesses before it start over, so the next two
        // wrong ones are answered as wrong, not slowed down at once.
        for (int i = 0; i < 2; i++) {
            assertThat(stolen.put(
                                    "/api/users/me/password",
                                    Map.of("currentPassword", "guess-again-" + i, "newPassword", "x" + newPassword))
                            .status())
                    .isEqualTo(400);
        }
    }

    @Test
    void fiftyWrongPasswordsAreSlowedDownThenLockedAndTheRightOneWorksAfterTheLock() {
        Actor engineer = fixtures.engineer();
        Actor admin = fixtures.admin();
        List<Integer> statuses = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ApiClient.Response response =
                    api.as(engineer.email(), "wrong-guess-" + i).get("/api/users/me");
            statuses.add(response.status());
            if (response.status() == 429) {
                long wait = Long.parseLong(response.header("Retry-After"));
                waits.add(wait);
                if (wait < 600) {
                    // A patient guesser waits for every delay; the lock still comes after ten failures.
                    clock.advance(Duration.ofSeconds(wait));
                }
            }
        }

        assertThat(statuses.subList(0, 3)).containsOnly(401);
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(10);
        assertThat(statuses.subList(40, 50)).containsOnly(429);
        List<Long> delays = waits.stream().filter(w -> w < 600).toList();
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L);
        assertThat(waits.get(waits.size() - 1)).isBetween(600L, 900L);

        // Locked: even the right password is refused from here, without being checked.
        assertThat(api.as(engineer).get("/api/users/me").status()).isEqualTo(429);
        // ... but only for this address: elsewhere the account is merely slowed down, never locked.
        assertThat(guard.refusal(engineer.email(), "192.0.2.7"))
                .get()
                .satisfies(r -> assertThat(r.locked()).isFalse())
                .satisfies(r -> assertThat(r.retryAfter()).isLessThanOrEqualTo(Duration.ofMinutes(1)));

        ApiClient.Response locks = api.as(admin).get("/api/sign-in-locks");
        assertThat(locks.status()).isEqualTo(200);
        assertThat(locks.body()).contains(engineer.email() + " 127.0.0.1").contains("\"locked\":true");
        assertThat(api.as(engineer.email(), DeskFixtures.PASSWORD)
                        .get("/api/sign-in-locks")
                        .status())
                .isEqualTo(429);

        clock.advance(SignInGuard.LOCK);
        assertThat(api.as(engineer).get("/api/users/me").status()).isEqualTo(200);
        // The right password started the counts over.
        assertThat(api.as(engineer.email(), "one-more-typo")
                        .get("/api/users/me")
                        .status())
                .isEqualTo(401);
        assertThat(api.as(engineer).get("/api/users/me").status()).isEqualTo(200);

        List<AuditRecord> trail = audit.forEntity("user", engineer.userId());
        assertThat(trail)
                .filteredOn(r -> r.action().equals("sign-in failed") && "address".equals(r.field()))
                .hasSize(11)
                .allSatisfy(r -> assertThat(r.newValue()).isEqualTo("127.0.0.1"));
        assertThat(trail).filteredOn(r -> r.action().equals("signed in")).isNotEmpty();
        assertThat(audit.forEntity("sign-in", 0))
                .filteredOn(r -> r.action().equals("sign-in locked")
                        && "email".equals(r.field())
                        && engineer.email().equals(r.newValue()))
                .hasSizeGreaterThan(30);
    }

    @Test
    void anAdminLiftsALockAtOnce() {
        Actor customer = fixtures.customer(fixtures.organisation("锁定银行"));
        for (int i = 0; i < 10; i++) {
            ApiClient.Response response = api.as(customer.email(), "guess-" + i).get("/api/users/me");
            if (response.status() == 429) {
                clock.advance(Duration.ofSeconds(Long.parseLong(response.header("Retry-After"))));
            }
        }
        for (int i = 0;
                i < 10 && api.as(customer.email(), "guess").get("/api/users/me").status() != 429;
                i++) {
            // keeps failing until the pair is locked
        }
        assertThat(api.as(customer).get("/api/users/me").status()).isEqualTo(429);

        Actor admin = fixtures.admin();
        assertThat(api.as(customer).get("/api/sign-in-locks").status()).isEqualTo(429);
        var blocks = guard.blocks(admin).stream()
                .filter(b -> b.subject().startsWith(customer.email()))
                .toList();
        assertThat(blocks).isNotEmpty();
        blocks.forEach(b -> assertThat(
                        api.as(admin).delete("/api/sign-in-locks/" + b.id()).status())
                .isEqualTo(204));

        assertThat(api.as(customer).get("/api/users/me").status()).isEqualTo(200);
        assertThat(audit.forEntity("sign-in", blocks.get(0).id()))
                .anySatisfy(r -> assertThat(r.action()).isEqualTo("sign-in lock cleared"));
        assertThat(api.as(fixtures.engineer()).get("/api/sign-in-locks").status())
                .isEqualTo(403);
    }

    @Test
    void easyPasswordsAndOnesContainingTheUsersOwnAddressOrNameAreRefused() {
        Actor admin = fixtures.admin();
        for (String weak : List.of(
                "aaaaaaaaaaaa",
                "password1234",
                "qwertyuiop123",
                "zhang.wei@bank.example",
                "zhangwei-2026!",
                "Password123!")) {
            ApiClient.Response response = api.as(admin)
                    .post(
                            "/api/users",
                            Map.of(
                                    "email",
                                    "zhang.wei@bank.example",
                                    "displayName",
                                    "Zhang Wei",
                                    "password",
                                    weak,
                                    "role",
                                    "ENGINEER",
                                    "locale",
                                    "en"));
            assertThat(response.status()).as(weak).isEqualTo(400);
            assertThat(response.body()).as(weak).contains("password");
        }
        ApiClient.Response strong = api.as(admin)
                .post(
                        "/api/users",
                        Map.of(
                                "email",
                                "zhang.wei." + System.nanoTime() + "@bank.example",
                                "displayName",
                                "Zhang Wei",
                                "password",
                                "copper-lantern-oxbow-teal",
                                "role",
                                "ENGINEER",
                                "locale",
                                "en"));
        assertThat(strong.status()).isEqualTo(201);

        Actor engineer = fixtures.engineer();
        assertThat(api.as(engineer)
                        .put(
                                "/api/users/me/password",
                                Map.of("currentPassword", DeskFixtures.PASSWORD, "newPassword", engineer.email()))
                        .status())
                .isEqualTo(400);
    }
}
