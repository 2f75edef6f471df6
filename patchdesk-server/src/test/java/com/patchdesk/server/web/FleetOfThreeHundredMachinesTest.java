package com.patchdesk.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import com.patchdesk.server.diagnoses.InProcessDiagnosis;
import com.patchdesk.server.fleet.FleetBundles;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A customer sends one zip of 300 machines' bundles (five causes, made from the engine's fixtures), then a second
 * bundle for ten of them after the fix. Every bundle is diagnosed by the engine: in its child JVM for the build's 60
 * machines, in the server's JVM ({@link InProcessDiagnosis}: the engine's real reports, without a JVM start per
 * bundle) for more, unless {@code -Dpatchdesk.test.in-process-analysis} says otherwise. The fleet view must show the
 * groups with the right counts through the API and in Chromium, and a group action must reach every machine of its
 * group.
 */
@DeskTest
@ExtendWith(HeadlessChromium.class)
@Import(InProcessDiagnosis.class)
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data-fleet-300",
            "patchdesk.jobs.poll-interval=PT0.2S",
            "patchdesk.fleet.index-interval=PT2S"
        })
@Tag("slow")
@Tag("browser")
class FleetOfThreeHundredMachinesTest {

    /**
     * 60 machines in the build, every count a fifth of the 300; {@code -Dpatchdesk.fleet.test-machines=300}
     * runs the whole fleet (each machine is one analysis child JVM: 300 take several minutes on a quiet 2-core machine,
     * far longer on a loaded one, too long for every build).
     */
    private static final int TOTAL = Integer.getInteger("patchdesk.fleet.test-machines", 60);
    /** Machines per cause, in the order of {@link FleetBundles#CAUSES}. */
    private static final Map<String, Integer> MACHINES = counts();

    private static final int FIXED = Math.max(1, 10 * TOTAL / 300);

    static {
        // Read when the context starts (InProcessDiagnosis); only this test's context imports it.
        if (System.getProperty(InProcessDiagnosis.SWITCH) == null) {
            System.setProperty(InProcessDiagnosis.SWITCH, String.valueOf(TOTAL > 60));
        }
    }

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    private static Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(FleetBundles.FAR_BEHIND, 120 * TOTAL / 300);
        counts.put(FleetBundles.DOWNLOAD, 80 * TOTAL / 300);
        counts.put(FleetBundles.SSU, 50 * TOTAL / 300);
        counts.put(FleetBundles.DAMAGED, 30 * TOTAL / 300);
        counts.put(FleetBundles.INSTALLED, TOTAL - 280 * TOTAL / 300);
        return counts;
    }

    @Test
    void threeHundredMachinesShowTheirGroupsWithTheRightCountsInTheApiAndTheBrowser(Browser browser) throws Exception {
        Organisation bank = fixtures.organisation("城市商业银行");
        Actor customer = fixtures.customer(bank);
        Actor engineer = fixtures.engineer();
        String number = fixtures.openCase(bank).number().value();
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, Integer> cause : MACHINES.entrySet()) {
            for (int i = 0; i < cause.getValue(); i++) {
                String host = "BR-%03d".formatted(++n);
                parts.put("网点/" + FleetBundles.name(host, "20240105"), FleetBundles.machine(cause.getKey(), host));
            }
        }
        long started = System.nanoTime();
        assertThat(upload(customer, number, "三百台.zip", FleetBundles.zip(parts))).isEqualTo(201);
        awaitDiagnosed(engineer, number, TOTAL + 1);
        long seeded = System.nanoTime();
        // Machines of the download group send a bundle after the fix: the update is installed now.
        int firstDownload = MACHINES.get(FleetBundles.FAR_BEHIND) + 1;
        for (int i = firstDownload; i < firstDownload + FIXED; i++) {
            String host = "BR-%03d".formatted(i);
            assertThat(upload(
                            customer,
                            number,
                            FleetBundles.name(host, "20240201"),
                            FleetBundles.machine(FleetBundles.INSTALLED, host + " after the fix")))
                    .isEqualTo(201);
        }
        awaitDiagnosed(engineer, number, TOTAL + 1 + FIXED);
        System.out.printf(
                "FleetOfThreeHundredMachinesTest: %d machines (%s analysis) diagnosed in %.1f s, the %d"
                        + " bundles after the fix in %.1f s; load average %.2f%n",
                TOTAL,
                Boolean.getBoolean(InProcessDiagnosis.SWITCH) ? "in-process" : "child-JVM",
                (seeded - started) / 1e9,
                FIXED,
                (System.nanoTime() - seeded) / 1e9,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());

        JsonNode fleet = api.as(engineer).get("/api/cases/" + number + "/fleet").json();

        int farBehindCount = MACHINES.get(FleetBundles.FAR_BEHIND);
        int downloadCount = MACHINES.get(FleetBundles.DOWNLOAD) - FIXED;
        int healthy = MACHINES.get(FleetBundles.INSTALLED) + FIXED;
        assertThat(fleet.path("machines").asInt()).isEqualTo(TOTAL);
        Map<String, Integer> byRule = new LinkedHashMap<>();
        fleet.path("groups")
                .forEach(g -> byRule.put(
                        g.path("ruleId").isNull() ? "none" : g.path("ruleId").asString(),
                        g.path("count").asInt()));
        assertThat(byRule)
                .containsExactly(
                        Map.entry("build-far-behind", farBehindCount),
                        Map.entry("wu-incomplete-download", downloadCount),
                        Map.entry("ssu-prerequisite-failed", MACHINES.get(FleetBundles.SSU)),
                        Map.entry("component-store-repairable", MACHINES.get(FleetBundles.DAMAGED)),
                        Map.entry("none", healthy));
        JsonNode farBehind = fleet.path("groups").get(0);
        assertThat(farBehind.path("steppingStone").asString()).isEqualTo("KB5001342");
        assertThat(farBehind.path("builds").path("17763.774").asInt()).isEqualTo(farBehindCount);
        assertThat(fleet.path("trend").size()).isPositive();
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet?status=fixed")
                        .json()
                        .path("machines")
                        .asInt())
                .isEqualTo(FIXED);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet?status=still-failing")
                        .json()
                        .path("machines")
                        .asInt())
                .isZero();
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet?build=17763.774")
                        .json()
                        .path("machines")
                        .asInt())
                .isEqualTo(farBehindCount + MACHINES.get(FleetBundles.DAMAGED));
        JsonNode download = fleet.path("groups").get(1);
        String signature = download.path("signature").asString();

        // A group action reaches every machine of the group: one link for all of them, one reply naming each.
        long fileId = api.as(engineer)
                .get("/api/cases/" + number + "/files")
                .json()
                .get(0)
                .path("id")
                .asLong();
        ApiClient.Response published = api.as(engineer)
                .post(
                        "/api/cases/" + number + "/fleet/groups/publish",
                        Map.of("signature", signature, "fileId", fileId));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().path("machines").size()).isEqualTo(downloadCount);
        // An absolute link to send on, as single download links are answered; the path stays for older clients.
        String path = published.json().path("path").asString();
        assertThat(path).startsWith("/d/");
        assertThat(published.json().path("url").asString())
                .matches("http://localhost:[0-9]+/d/.+")
                .endsWith(path);
        JsonNode draft = api.as(engineer)
                .get("/api/cases/" + number + "/fleet/groups/draft-reply?signature="
                        + URLEncoder.encode(signature, StandardCharsets.UTF_8))
                .json();
        assertThat(draft.path("machines").size()).isEqualTo(downloadCount);
        String firstStillFailing = "BR-%03d".formatted(firstDownload + FIXED);
        String lastOfGroup = "BR-%03d".formatted(firstDownload + MACHINES.get(FleetBundles.DOWNLOAD) - 1);
        assertThat(draft.path("body").asString())
                .contains(downloadCount + " 台计算机", firstStillFailing, lastOfGroup)
                .doesNotContain("BR-%03d、".formatted(firstDownload));
        String csv = api.as(engineer)
                .get("/api/cases/" + number + "/fleet/machines.csv")
                .body();
        assertThat(csv.lines().count()).isEqualTo(TOTAL + 1);

        browser.signIn(engineer.email(), DeskFixtures.PASSWORD).open("/cases/" + number);
        assertThat(browser.findAll("a[href$='/cases/" + number + "/fleet']"))
                .as(browser::describe)
                .isNotEmpty();
        browser.open("/cases/" + number + "/fleet?lang=zh-CN");
        List<Integer> counts = browser.findAll("tr.fleet-group td.fleet-count").stream()
                .map(td -> Integer.parseInt(td.getText().strip()))
                .toList();
        assertThat(counts)
                .containsExactly(
                        farBehindCount,
                        downloadCount,
                        MACHINES.get(FleetBundles.SSU),
                        MACHINES.get(FleetBundles.DAMAGED),
                        healthy);
        assertThat(browser.text(".fleet-total")).contains(TOTAL + " 台计算机", "5 个分组");
        assertThat(browser.findAll("svg.fleet-trend rect.failing")).isNotEmpty();
        assertThat(browser.unlabelledControls()).isEmpty();
        browser.screenshot("fleet-300-machines");
        browser.select("#fleet-status", "fixed").submit("form.filters button[type=submit]");
        assertThat(browser.text(".fleet-total")).contains(FIXED + " 台计算机");
        assertThat(browser.findAll("tr.fleet-machine")).hasSize(FIXED);
        browser.open(
                "/cases/" + number + "/fleet/draft?signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8));
        assertThat(browser.find("#draft-body").getAttribute("value")).contains(downloadCount + " 台计算机");
        browser.open("/organisations/" + bank.id() + "/fleet?lang=zh-CN");
        assertThat(browser.text(".fleet-total")).contains(TOTAL + " 台计算机");
        assertThat(browser.findAll("tr.fleet-group td.fleet-count").stream()
                        .map(td -> Integer.parseInt(td.getText().strip()))
                        .toList())
                .isEqualTo(counts);
        assertThat(browser.findAll("a[href*='/fleet/machines.xlsx']")).isNotEmpty();
        // The customer-wide reply for the download group names every machine of it.
        browser.open("/organisations/" + bank.id() + "/fleet/draft?signature="
                + URLEncoder.encode(signature, StandardCharsets.UTF_8));
        assertThat(browser.find("#draft-body").getAttribute("value"))
                .contains(downloadCount + " 台计算机", firstStillFailing, lastOfGroup);
        // One link for the customer's whole far-behind group, published from its page.
        browser.open("/organisations/" + bank.id() + "/fleet?lang=zh-CN&signature="
                + URLEncoder.encode(farBehind.path("signature").asString(), StandardCharsets.UTF_8));
        browser.select("#group-publish-file", String.valueOf(fileId))
                .submit("section[aria-labelledby=group-publish-heading] button[type=submit]");
        assertThat(browser.text("#published-link")).startsWith(browser.baseUrl() + "/d/");
        assertThat(browser.findAll("[role=status]").stream().map(e -> e.getText()))
                .anySatisfy(notice -> assertThat(notice).contains(farBehindCount + " 台计算机的链接"));
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/audit")
                        .json()
                        .valueStream()
                        .filter(a -> "published for a fleet group"
                                        .equals(a.path("action").asString())
                                && "machines".equals(a.path("field").asString()))
                        .map(a -> a.path("newValue").asString().split(", ").length)
                        .toList())
                .containsExactlyInAnyOrder(downloadCount, farBehindCount);
    }

    private void awaitDiagnosed(Actor engineer, String number, int count) {
        await().atMost(Duration.ofMinutes(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    JsonNode list = api.as(engineer)
                            .get("/api/cases/" + number + "/diagnoses")
                            .json();
                    return list.size() >= count
                            && list.valueStream()
                                    .noneMatch(d -> d.path("status").asString().matches("queued|running"));
                });
    }

    private int upload(Actor who, String number, String name, byte[] body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        api.as(who)
                                .request("/api/cases/" + number + "/files?name="
                                        + URLEncoder.encode(name, StandardCharsets.UTF_8))
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}
