package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Optimistic locking on PATCH: If-Match with the ETag, 412 for the loser of a race, 428 without If-Match. */
@DeskTest
class ConcurrentEditTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    Actor engineer;
    Actor colleague;
    String path;

    @BeforeEach
    void setUp() {
        engineer = fixtures.engineer();
        colleague = fixtures.engineer();
        path = "/api/cases/" + fixtures.openCase(fixtures.organisation("Bank")).number();
    }

    @Test
    void aPatchWithTheCurrentEtagAppliesAndAuditsEveryChangedField() {
        ApiClient.Response before = api.as(engineer).get(path);
        String etag = before.header("ETag");
        // The case is its opener's (another engineer) until the patch hands it on.
        String opener = before.json().path("ownerId").asString();

        ApiClient.Response patched = api.as(engineer)
                .header("If-Match", etag)
                .patch(
                        path,
                        Map.of(
                                "priority",
                                "P1",
                                "ownerId",
                                engineer.userId(),
                                "productVersion",
                                "Windows 10 21H2",
                                "title",
                                "KB5032196 在 17763.774 上失败"));

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"1\"");
        JsonNode body = patched.json();
        assertThat(body.path("priority").asString()).isEqualTo("P1");
        assertThat(body.path("ownerName").asString()).isEqualTo(engineer.displayName());
        assertThat(body.path("osBuildFamily").asInt()).isEqualTo(19044);
        assertThat(body.path("reportedKb").asString()).isEqualTo("KB5032196");
        assertThat(body.path("sla").path("firstResponseDueAt").asString()).isEqualTo("2026-03-02T02:00:00Z");
        JsonNode audit = api.as(engineer).get(path + "/audit").json();
        assertThat(audit.valueStream()
                        .filter(a -> a.path("action").asString().equals("updated"))
                        .map(a -> a.path("field").asString() + ":"
                                + a.path("oldValue").asString() + ">"
                                + a.path("newValue").asString()))
                .containsExactlyInAnyOrder(
                        "title:KB5032196 安装失败 0x800f0986>KB5032196 在 17763.774 上失败",
                        "priority:P2>P1",
                        "productVersion:V2020-L 1809>Windows 10 21H2",
                        "ownerId:" + opener + ">" + engineer.userId());
    }

    @Test
    void aPatchWithoutIfMatchIsRefusedWith428AndChangesNothing() {
        ApiClient.Response response = api.as(engineer).patch(path, Map.of("priority", "P1"));

        assertThat(response.status()).isEqualTo(428);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.as(engineer).get(path).json().path("priority").asString())
                .isEqualTo("P2");
    }

    @Test
    void theSecondEditorOfTheSameVersionGets412AndCanReapplyAfterReloading() {
        ApiClient.Response before = api.as(engineer).get(path);
        String etag = before.header("ETag");
        // The case is its opener's (another engineer) until the patch hands it on.
        String opener = before.json().path("ownerId").asString();
        assertThat(api.as(engineer)
                        .header("If-Match", etag)
                        .patch(path, Map.of("priority", "P1"))
                        .status())
                .isEqualTo(200);

        ApiClient.Response stale = api.as(colleague).header("If-Match", etag).patch(path, Map.of("product", "LTSC"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(1);
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");

        ApiClient.Response retried =
                api.as(colleague).header("If-Match", stale.header("ETag")).patch(path, Map.of("product", "LTSC"));
        assertThat(retried.status()).isEqualTo(200);
        JsonNode now = retried.json();
        assertThat(now.path("priority").asString()).isEqualTo("P1");
        assertThat(now.path("product").asString()).isEqualTo("LTSC");
    }

    @Test
    void ofManySimultaneousEditsOfOneVersionExactlyOneWins() throws Exception {
        ApiClient.Response before = api.as(engineer).get(path);
        String etag = before.header("ETag");
        // The case is its opener's (another engineer) until the patch hands it on.
        String opener = before.json().path("ownerId").asString();
        int editors = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(editors);
        try {
            List<Future<ApiClient.Response>> results = new ArrayList<>();
            for (int i = 0; i < editors; i++) {
                String product = "editor " + i;
                Callable<ApiClient.Response> edit = () -> {
                    start.await();
                    return api.as(engineer).header("If-Match", etag).patch(path, Map.of("product", product));
                };
                results.add(pool.submit(edit));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            String winner = null;
            for (Future<ApiClient.Response> result : results) {
                ApiClient.Response response = result.get();
                statuses.add(response.status());
                if (response.status() == 200) {
                    winner = response.json().path("product").asString();
                }
            }
            assertThat(statuses).containsOnly(200, 412).containsOnlyOnce(200);
            JsonNode stored = api.as(engineer).get(path).json();
            assertThat(stored.path("version").asInt()).isEqualTo(1);
            assertThat(stored.path("product").asString()).isEqualTo(winner);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownAndReadOnlyFieldsAre400AndChangeNothing() {
        ApiClient.Response status =
                api.as(engineer).header("If-Match", "\"0\"").patch(path, Map.of("status", "CLOSED"));
        assertThat(status.status()).as(status.toString()).isEqualTo(400);
        assertThat(status.json().path("errors").get(0).path("field").asString()).isEqualTo("status");
        assertThat(status.body()).contains("/transitions");

        ApiClient.Response unknown =
                api.as(engineer).header("If-Match", "\"0\"").patch(path, Map.of("foo", 1));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("field").asString())
                .isEqualTo("foo");

        ApiClient.Response readOnly =
                api.as(engineer).header("If-Match", "\"0\"").patch(path, Map.of("version", 5, "priority", "P1"));
        assertThat(readOnly.status()).as(readOnly.toString()).isEqualTo(400);
        assertThat(readOnly.body()).contains("read-only");

        JsonNode stored = api.as(engineer).get(path).json();
        assertThat(stored.path("version").asInt()).isZero();
        assertThat(stored.path("status").asString()).isEqualTo("NEW");
        assertThat(stored.path("priority").asString()).isEqualTo("P2");
    }

    @Test
    void aPatchThatChangesNothingKeepsTheVersionAndWritesNoAudit() {
        JsonNode before = api.as(engineer).get(path).json();
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of(), Map.of("priority", "P2", "title", before.path("title").asString()))) {
            ApiClient.Response same =
                    api.as(engineer).header("If-Match", "\"0\"").patch(path, body);

            assertThat(same.status()).as(same.toString()).isEqualTo(200);
            assertThat(same.header("ETag")).isEqualTo("\"0\"");
            assertThat(same.json().path("version").asInt()).isZero();
        }
        assertThat(api.as(engineer).get(path).json().path("version").asInt()).isZero();
        JsonNode audit = api.as(engineer).get(path + "/audit").json();
        assertThat(audit.valueStream().filter(a -> a.path("action").asString().equals("updated")))
                .isEmpty();
    }

    @Test
    void malformedIfMatchAndInvalidOwnersAre400() {
        assertThat(api.as(engineer)
                        .header("If-Match", "abc")
                        .patch(path, Map.of("priority", "P1"))
                        .status())
                .isEqualTo(400);
        Actor customer = fixtures.customer(fixtures.organisation("Bank"));
        ApiClient.Response response =
                api.as(engineer).header("If-Match", "\"0\"").patch(path, Map.of("ownerId", customer.userId()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("ownerId");
    }
}
