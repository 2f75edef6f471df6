package com.patchdesk.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.MutableClock;
import com.patchdesk.server.audit.AuditTrail;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@DeskTest
class ApiTokensTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    MutableClock clock;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTokenSignsInByBearerIsStoredHashedAndStopsWorkingWhenRevoked() {
        Actor engineer = fixtures.engineer();
        ApiClient.Response created =
                api.as(engineer).post("/api/tokens", Map.of("name", "巡检脚本", "scope", "WRITE", "validDays", 30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.json().path("token").asString();
        long id = created.json().path("info").path("id").asLong();
        assertThat(token).startsWith("pdk_").hasSizeGreaterThanOrEqualTo(4 + 43);

        ApiClient.Caller bearer = api.anonymous().header("Authorization", "Bearer " + token);
        ApiClient.Response me = bearer.get("/api/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("email").asString()).isEqualTo(engineer.email());

        String stored = jdbc.sql("SELECT token_hash FROM api_tokens WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo(ApiTokens.hash(token)).doesNotContain(token.substring(4));
        assertThat(api.as(engineer).get("/api/tokens").body())
                .doesNotContain(token)
                .contains("巡检脚本");

        // A token cannot mint tokens that would outlive it.
        assertThat(bearer.post("/api/tokens", Map.of("name", "x", "scope", "WRITE", "validDays", 366))
                        .status())
                .isEqualTo(403);

        assertThat(api.as(engineer).delete("/api/tokens/" + id).status()).isEqualTo(200);
        ApiClient.Response revoked = bearer.get("/api/users/me");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(audit.forEntity("api-token", id)).extracting(r -> r.action()).contains("created", "revoked");
    }

    @Test
    void aReadTokenOnlyReadsAndEveryTokenExpires() {
        Actor engineer = fixtures.engineer();
        String token = api.as(engineer)
                .post("/api/tokens", Map.of("name", "report", "scope", "READ", "validDays", 7))
                .json()
                .path("token")
                .asString();
        ApiClient.Caller bearer = api.anonymous().header("Authorization", "Bearer " + token);

        assertThat(bearer.get("/api/cases").status()).isEqualTo(200);
        ApiClient.Response write = bearer.post("/api/cases", Map.of("title", "x", "priority", "P3"));
        assertThat(write.status()).isEqualTo(403);

        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(bearer.get("/api/cases").status()).isEqualTo(401);
    }

    @Test
    void unknownTokensAndOtherPeoplesTokensGetNothing() {
        Actor engineer = fixtures.engineer();
        long id = api.as(engineer)
                .post("/api/tokens", Map.of("name", "mine", "scope", "READ", "validDays", 1))
                .json()
                .path("info")
                .path("id")
                .asLong();
        assertThat(api.anonymous()
                        .header("Authorization", "Bearer pdk_" + "A".repeat(43))
                        .get("/api/users/me")
                        .status())
                .isEqualTo(401);
        assertThat(api.as(fixtures.engineer()).delete("/api/tokens/" + id).status())
                .isEqualTo(404);
        assertThat(api.as(engineer)
                        .post("/api/tokens", Map.of("name", "long", "scope", "READ", "validDays", 400))
                        .status())
                .isEqualTo(400);
        assertThat(DeskFixtures.PASSWORD).isNotBlank();
    }

    @Autowired
    ApiTokens tokens;

    @Autowired
    DataSource dataSource;

    /**
     * More clients than the pool has connections, each making its token's first call at the same moment: all are
     * signed in. The first use records {@code last_used_at}; written from inside the lookup's row mapper it took a
     * second connection while holding the first, and such a crowd held the whole pool waiting for itself
     * (the load test's 20 clients stalled until Hikari's timeout). Fails with that code on PostgreSQL; on H2 the
     * lookups end too quickly to hold the pool at once.
     */
    @Test
    void moreClientsThanPooledConnectionsMakeTheirFirstCallsAtOnce() throws Exception {
        int pool = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        Actor engineer = fixtures.engineer();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < pool + 4; i++) {
            fresh.add(tokens.create(engineer, "客户端 " + i, ApiTokens.Scope.READ, Duration.ofDays(1))
                    .token());
        }
        ExecutorService clients = Executors.newFixedThreadPool(fresh.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<ApiTokens.TokenUse>>> uses = new ArrayList<>();
            for (String token : fresh) {
                uses.add(clients.submit(() -> {
                    start.await();
                    return tokens.use(token);
                }));
            }
            start.countDown();
            for (Future<Optional<ApiTokens.TokenUse>> use : uses) {
                assertThat(use.get(15, TimeUnit.SECONDS)).isPresent();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE user_id = :user AND last_used_at IS NOT NULL")
                        .param("user", engineer.userId())
                        .query(Long.class)
                        .single())
                .isEqualTo(fresh.size());
    }
}
