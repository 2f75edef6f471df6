package com.patchdesk.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Machines of a case from real uploads diagnosed by the engine in its child JVM: a zip of zips split by machine
 * (with a host named twice, a duplicate part and a part without host name), two uploads of one machine at once, a
 * closed case found again as similar, and who may see what.
 */
@DeskTest
@TestPropertySource(
        properties = {
            "patchdesk.data-dir=target/test-data-fleet",
            "patchdesk.jobs.poll-interval=PT0.2S",
            "patchdesk.fleet.index-interval=PT1H"
        })
@Tag("slow")
class MachinesOfACaseTest {

    private static final Duration WAIT = Duration.ofMinutes(4);

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    FleetIndex index;

    @Autowired
    org.springframework.web.context.WebApplicationContext web;

    @Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;

    private final HttpClient http = HttpClient.newHttpClient();
    private Organisation bank;
    private Actor customer;
    private Actor engineer;
    private String number;

    @BeforeEach
    void openCase() {
        bank = fixtures.organisation("农村商业银行");
        customer = fixtures.customer(bank);
        engineer = fixtures.engineer();
        number = fixtures.openCase(bank).number().value();
    }

    @Test
    void aZipOfZipsIsSplitByMachineWithRepeatedHostsDuplicatesAndNamelessBundlesAndNothingIsLost() throws Exception {
        byte[] pcA = FleetBundles.machine(FleetBundles.FAR_BEHIND, "PC-A");
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("分行一/" + FleetBundles.name("PC-A", "20240101"), pcA);
        parts.put("分行二/" + FleetBundles.name("PC-A", "20240101"), pcA);
        parts.put(FleetBundles.name("pc-a", "20240108"), FleetBundles.machine(FleetBundles.INSTALLED, "PC-A later"));
        parts.put(FleetBundles.name("PC-B", "20240101"), FleetBundles.machine(FleetBundles.DOWNLOAD, "PC-B"));
        parts.put("日志.zip", FleetBundles.machine(FleetBundles.SSU, "no name"));

        assertThat(upload(customer, "营业网点.zip", FleetBundles.zip(parts))).isEqualTo(201);

        JsonNode diagnoses = awaitDiagnoses(5);
        JsonNode container = find(diagnoses, "营业网点.zip");
        assertThat(container.path("status").asString()).isEqualTo("failed");
        assertThat(container.path("message").asString())
                .contains("5 bundles, 3 machines (PC-A, PC-B, 日志.zip)", "each machine is diagnosed on its own");
        assertThat(diagnoses
                        .valueStream()
                        .filter(d -> !d.path("fileName").asString().equals("营业网点.zip")))
                .allSatisfy(d -> assertThat(d.path("status").asString()).isEqualTo("done"));
        JsonNode files = api.as(engineer).get("/api/cases/" + number + "/files").json();
        assertThat(files.valueStream().map(f -> f.path("name").asString()).toList())
                .containsExactlyInAnyOrder(
                        "营业网点.zip",
                        FleetBundles.name("PC-A", "20240101"),
                        FleetBundles.name("pc-a", "20240108"),
                        FleetBundles.name("PC-B", "20240101"),
                        "日志.zip");
        String note = entries(engineer, "NOTE").get(0).path("body").asString();
        assertThat(note).contains("same content as case file", "appears more than once", "no host name");

        JsonNode fleet = api.as(engineer).get("/api/cases/" + number + "/fleet").json();

        assertThat(fleet.path("machines").asInt()).isEqualTo(3);
        Map<String, JsonNode> machines = byLabel(fleet);
        assertThat(machines.keySet()).containsExactlyInAnyOrder("PC-A", "PC-B", "");
        assertThat(machines.get("PC-A").path("bundles").asInt()).isEqualTo(2);
        assertThat(machines.get("PC-A").path("status").asString()).isEqualTo("fixed");
        assertThat(machines.get("PC-A").path("signature").isNull()).isTrue();
        assertThat(machines.get("PC-B").path("status").asString()).isEqualTo("new");
        assertThat(machines.get("PC-B").path("signature").asString()).startsWith("wu-incomplete-download[");
        assertThat(machines.get("").path("host").isNull()).isTrue();
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet?status=fixed")
                        .json()
                        .path("machines")
                        .asInt())
                .isEqualTo(1);
        JsonNode history = api.as(engineer)
                .get("/api/cases/" + number + "/fleet/machines/"
                        + machines.get("PC-A").path("id").asLong())
                .json();
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).path("signature").asString()).startsWith("build-far-behind[");
    }

    @Test
    void twoUploadsOfTheSameMachineAtOnceAreOneMachineWithTwoBundles() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> uploads = new ArrayList<>();
            for (String date : List.of("20240101", "20240102")) {
                byte[] bundle = FleetBundles.machine(
                        date.endsWith("1") ? FleetBundles.DOWNLOAD : FleetBundles.FAR_BEHIND, "PC-C " + date);
                uploads.add(pool.submit(() -> {
                    together.await();
                    return upload(customer, FleetBundles.name("PC-C", date), bundle);
                }));
            }
            for (Future<Integer> u : uploads) {
                assertThat(u.get()).isEqualTo(201);
            }
            awaitDiagnoses(2);
            // Indexers of several server instances at once: one machine, each bundle once.
            CyclicBarrier indexers = new CyclicBarrier(4);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    indexers.await();
                    return index.catchUp();
                }));
            }
            for (Future<Integer> r : runs) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode fleet = api.as(engineer).get("/api/cases/" + number + "/fleet").json();

        assertThat(fleet.path("machines").asInt()).isEqualTo(1);
        JsonNode machine = fleet.path("machineList").get(0);
        assertThat(machine.path("host").asString()).isEqualTo("PC-C");
        assertThat(machine.path("bundles").asInt()).isEqualTo(2);
    }

    @Test
    void aClosedCaseWithTheSameCauseIsSimilarOnANewCasesDiagnosisWithItsClosureSummary() throws Exception {
        upload(customer, FleetBundles.name("OLD-PC", "20231201"), FleetBundles.machine(FleetBundles.FAR_BEHIND, "old"));
        awaitDiagnoses(1);
        String old = number;
        String path = "/api/cases/" + old;
        for (String status : List.of("SCOPING", "INVESTIGATING", "RESOLVED")) {
            assertThat(api.as(engineer)
                            .post(path + "/transitions", Map.of("status", status))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.as(customer).post(path + "/consent", null).status()).isEqualTo(201);
        assertThat(api.as(engineer)
                        .post(
                                path + "/transitions",
                                Map.of("status", "CLOSED", "note", "先安装 KB5001342（垫脚石），重启后再安装 KB5032196，问题解决。"))
                        .status())
                .isEqualTo(200);
        number = fixtures.openCase(fixtures.organisation("另一家银行")).number().value();
        Actor other = fixtures.customer(fixtures.organisation("第三家银行"));
        upload(engineer, FleetBundles.name("NEW-PC", "20240301"), FleetBundles.machine(FleetBundles.FAR_BEHIND, "new"));
        long diagnosis = awaitDiagnoses(1).get(0).path("id").asLong();

        JsonNode similar = api.as(engineer)
                .get("/api/cases/" + number + "/diagnoses/" + diagnosis + "/similar-cases")
                .json();

        assertThat(similar.size()).isGreaterThanOrEqualTo(1);
        JsonNode best = similar.valueStream()
                .filter(c -> c.path("caseNumber").asString().equals(old))
                .findFirst()
                .orElseThrow();
        assertThat(best.path("score").asInt()).isEqualTo(100);
        assertThat(best.path("status").asString()).isEqualTo("CLOSED");
        assertThat(best.path("closureSummary").asString()).contains("KB5001342（垫脚石）");
        assertThat(similar.get(0).path("score").asInt()).isEqualTo(100);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/similar-cases")
                        .json()
                        .valueStream()
                        .map(c -> c.path("caseNumber").asString()))
                .contains(old);
        assertThat(api.as(engineer)
                        .get("/api/similar-cases?rule=build-far-behind&kb=KB5001342")
                        .json()
                        .valueStream()
                        .map(c -> c.path("caseNumber").asString()))
                .contains(old);
        assertThat(api.as(engineer)
                        .get("/api/similar-cases?signature="
                                + URLEncoder.encode(best.path("matched").get(0).asString(), StandardCharsets.UTF_8))
                        .json()
                        .valueStream()
                        .map(c -> c.path("caseNumber").asString()))
                .contains(old);
        assertThat(api.as(engineer).get("/api/similar-cases").status()).isEqualTo(400);
        assertThat(api.as(other).get("/api/similar-cases?rule=build-far-behind").status())
                .isEqualTo(403);
    }

    @Test
    void aGroupAcrossACustomersCasesGetsOneReplyAndOneAuditedLinkAndNoOtherCustomersMachine() throws Exception {
        String first = number;
        upload(customer, FleetBundles.name("支行-01", "20240105"), FleetBundles.machine(FleetBundles.DOWNLOAD, "支行-01"));
        upload(
                customer,
                FleetBundles.name("支行-02", "20240105"),
                FleetBundles.machine(FleetBundles.FAR_BEHIND, "支行-02"));
        awaitDiagnoses(2);
        String second = fixtures.openCase(bank).number().value();
        number = second;
        upload(customer, FleetBundles.name("支行-03", "20240106"), FleetBundles.machine(FleetBundles.DOWNLOAD, "支行-03"));
        awaitDiagnoses(1);
        // Another customer has a machine with the same cause: nothing of the bank's action may reach it.
        Organisation otherBank = fixtures.organisation("邻市银行");
        String foreign = fixtures.openCase(otherBank).number().value();
        number = foreign;
        upload(engineer, FleetBundles.name("OTHER-01", "20240106"), FleetBundles.machine(FleetBundles.DOWNLOAD, "o1"));
        awaitDiagnoses(1);
        number = second;
        assertThat(upload(engineer, "修复工具包.txt", "Run fix.cmd as administrator".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(201);
        awaitDiagnoses(2); // every upload is diagnosed, the kit too (it is no bundle: it names no machine's cause)
        long kit = fileId(second, "修复工具包.txt");
        long foreignFile = fileId(foreign, FleetBundles.name("OTHER-01", "20240106"));
        String base = "/api/organisations/" + bank.id() + "/fleet";
        JsonNode download = api.as(engineer)
                .get(base)
                .json()
                .path("groups")
                .valueStream()
                .filter(g -> "wu-incomplete-download".equals(g.path("ruleId").asString()))
                .findFirst()
                .orElseThrow();
        String signature = download.path("signature").asString();
        assertThat(download.path("count").asInt()).isEqualTo(2);

        JsonNode draft = api.as(engineer)
                .get(base + "/groups/draft-reply?signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8))
                .json();
        ApiClient.Response published =
                api.as(engineer).post(base + "/groups/publish", Map.of("signature", signature, "fileId", kit));

        assertThat(draft.path("machines").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("支行-01", "支行-03");
        assertThat(draft.path("subject").asString()).contains(first, second, "2 台计算机");
        assertThat(draft.path("body").asString())
                .contains(first + "：支行-01", second + "：支行-03")
                .doesNotContain("支行-02", "OTHER-01");
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        JsonNode link = published.json();
        assertThat(link.path("path").asString()).startsWith("/d/");
        assertThat(link.path("url").asString())
                .startsWith("http://")
                .endsWith(link.path("path").asString());
        assertThat(link.path("fileCase").asString()).isEqualTo(second);
        assertThat(link.path("machinesByCase")
                        .path(first)
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("支行-01");
        assertThat(link.path("machinesByCase")
                        .path(second)
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactly("支行-03");
        long linkId = link.path("linkId").asLong();
        for (String caseNumber : List.of(first, second)) {
            number = caseNumber;
            assertThat(entries(engineer, "NOTE").stream()
                            .map(e -> e.path("summary").asString() + "\n"
                                    + e.path("body").asString()))
                    .anySatisfy(note -> assertThat(note)
                            .contains("修复工具包.txt", "machines of this case")
                            .contains(caseNumber.equals(first) ? "支行-01" : "支行-03"));
            JsonNode audit =
                    api.as(engineer).get("/api/cases/" + caseNumber + "/audit").json();
            assertThat(audit.valueStream()
                            .filter(a -> "published for a fleet group"
                                            .equals(a.path("action").asString())
                                    && a.path("entityId").asLong() == linkId)
                            .map(a -> a.path("field").asString())
                            .toList())
                    .containsExactlyInAnyOrder("signature", "machines");
        }
        number = foreign;
        assertThat(entries(engineer, "NOTE"))
                .noneSatisfy(e -> assertThat(e.path("summary").asString()).contains("修复工具包"));
        // A file of another customer's case is not found; customers may not act on a fleet.
        assertThat(api.as(engineer)
                        .post(base + "/groups/publish", Map.of("signature", signature, "fileId", foreignFile))
                        .status())
                .isEqualTo(404);
        assertThat(api.as(customer)
                        .post(base + "/groups/publish", Map.of("signature", signature, "fileId", kit))
                        .status())
                .isEqualTo(403);
        assertThat(api.as(customer)
                        .get(base + "/groups/draft-reply?signature=x")
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer)
                        .get(base + "/groups/draft-reply?signature=no-such-rule%5B%5D")
                        .status())
                .isEqualTo(404);

        // The customer's machines as XLSX, read back: the bank's machines (the kit, which names none, aside), Chinese
        // names intact, the other bank's machine absent.
        HttpResponse<byte[]> xlsx = http.send(
                api.as(engineer).request(base + "/machines.xlsx").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (var workbook =
                new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var sheets = workbook.getSheets().toList();
            List<org.dhatim.fastexcel.reader.Row> rows = sheets.get(1).read();
            assertThat(rows.stream()
                            .skip(1)
                            .map(r -> r.getCellText(1))
                            .filter(l -> !l.equals(FleetView.machineName("", false))
                                    && !l.equals(FleetView.machineName("", true)))
                            .toList())
                    .containsExactlyInAnyOrder("支行-01", "支行-02", "支行-03");
            assertThat(rows.stream()
                            .skip(1)
                            .map(r -> r.getCellText(0))
                            .distinct()
                            .toList())
                    .containsExactlyInAnyOrder(first, second);
            assertThat(sheets.get(0).read().stream()
                            .skip(1)
                            .mapToInt(r -> r.getCellAsNumber(2).orElseThrow().intValue())
                            .sum())
                    .isEqualTo(rows.size() - 1);
            assertThat(sheets.get(0).read().stream()
                            .skip(1)
                            .filter(r -> r.getCellText(0).equals(signature))
                            .map(r -> r.getCellAsNumber(2).orElseThrow().intValue())
                            .toList())
                    .containsExactly(2);
        }
        assertThat(http.send(
                                api.as(customer)
                                        .request(base + "/machines.xlsx")
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(403);
    }

    private long fileId(String caseNumber, String name) {
        return api.as(engineer)
                .get("/api/cases/" + caseNumber + "/files")
                .json()
                .valueStream()
                .filter(f -> name.equals(f.path("name").asString()))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
    }

    /**
     * An empty zip and a 0-byte log say nothing of their machine: it is not healthy but of unknown state, in a group
     * of its own. Uploads without a host name are one machine of the case, not one machine per file.
     */
    @Test
    void bundlesOfWhichNothingWasReadMakeNoHealthyMachineAndNamelessUploadsAreOneMachine() throws Exception {
        assertThat(upload(customer, "empty.zip", FleetBundles.zip(Map.of()))).isEqualTo(201);
        assertThat(upload(customer, "zero.log", new byte[0])).isEqualTo(201);
        awaitDiagnoses(2);

        JsonNode fleet = api.as(engineer)
                .get("/api/organisations/" + bank.id() + "/fleet")
                .json();

        assertThat(fleet.path("machines").asInt()).isEqualTo(1);
        JsonNode machine = fleet.path("machineList").get(0);
        assertThat(machine.path("status").asString()).isEqualTo("no-logs");
        assertThat(machine.path("bundles").asInt()).isEqualTo(2);
        assertThat(machine.path("host").isNull()).isTrue();
        JsonNode group = fleet.path("groups").get(0);
        assertThat(group.path("signature").isNull()).isTrue();
        assertThat(group.path("statuses").properties()).hasSize(1);
        assertThat(group.path("statuses").path("no-logs").asInt()).isEqualTo(1);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet?signature=none")
                        .json()
                        .path("machines")
                        .asInt())
                .as("not among the machines without failure")
                .isZero();

        // A readable bundle without a host name joins the same machine, whose state it now tells.
        assertThat(upload(customer, "日志.zip", FleetBundles.machine(FleetBundles.DOWNLOAD, "no name")))
                .isEqualTo(201);
        awaitDiagnoses(3);
        JsonNode later = api.as(engineer).get("/api/cases/" + number + "/fleet").json();
        assertThat(later.path("machines").asInt()).isEqualTo(1);
        assertThat(later.path("machineList").get(0).path("status").asString()).isEqualTo("new");
        assertThat(later.path("machineList").get(0).path("bundles").asInt()).isEqualTo(3);

        assertThat(fleetPage("en")).contains("this case&#39;s unnamed machine");
        assertThat(fleetPage("zh-CN")).contains("本案例的未具名计算机");
    }

    /** The console's fleet page of the case for the engineer, in {@code lang}. */
    private String fleetPage(String lang) throws Exception {
        var mvc = org.springframework.test.web.servlet.setup.MockMvcBuilders.webAppContextSetup(web)
                .apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
                .build();
        return mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                                        "/cases/" + number + "/fleet")
                                .param("lang", lang)
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.user(
                                        users.loadUserByUsername(engineer.email()))))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The page of a customer's fleet whose only machine is known by no readable bundle names it so. */
    @Test
    void theFleetPageSaysAMachineOfWhichNothingWasReadHasNoLogs() throws Exception {
        assertThat(upload(customer, "empty.zip", FleetBundles.zip(Map.of()))).isEqualTo(201);
        awaitDiagnoses(1);

        assertThat(fleetPage("en"))
                .contains(
                        "No logs could be read from its bundles",
                        "<td>no readable logs</td>",
                        "<span>no readable logs 1</span>")
                .doesNotContain("<td>no failure</td>", "<span>no failure 1</span>");
        assertThat(fleetPage("zh-CN"))
                .contains("未能从其日志包中读取任何日志", "<td>没有可读的日志</td>")
                .doesNotContain("<td>无故障</td>", "<span>无故障 1</span>");
    }

    /**
     * Two machines whose component stores are damaged alike, one with a damaged component fewer ("(+12)" against
     * "(+11)" in the finding's list of components), have the same cause: one group, whose signature lists no evidence.
     */
    @Test
    void machinesWithTheSameStoreCorruptionAreOneGroup() throws Exception {
        assertThat(upload(customer, FleetBundles.name("PC-15", "20240101"), damagedStore(15)))
                .isEqualTo(201);
        assertThat(upload(customer, FleetBundles.name("PC-14", "20240101"), damagedStore(14)))
                .isEqualTo(201);
        awaitDiagnoses(2);

        JsonNode fleet = api.as(engineer).get("/api/cases/" + number + "/fleet").json();

        assertThat(fleet.path("machines").asInt()).isEqualTo(2);
        assertThat(fleet.path("groups").size()).isEqualTo(1);
        JsonNode group = fleet.path("groups").get(0);
        assertThat(group.path("signature").asString()).isEqualTo("component-store-repairable[]");
        assertThat(group.path("count").asInt()).isEqualTo(2);
        assertThat(group.path("hosts").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("PC-15", "PC-14");
    }

    /** A bundle whose CBS.log names {@code components} damaged components, and DISM's "repairable". */
    private static byte[] damagedStore(int components) throws Exception {
        StringBuilder log = new StringBuilder(
                "2024-01-23 15:14:02, Info                  CBS    Checking System Update Readiness.\r\n");
        for (int i = 0; i < components; i++) {
            log.append("2024-01-23 15:14:40, Info                  CBS    (p)\tCSI Payload Corrupt\t(n)\t\t\t")
                    .append("amd64_microsoft-windows-part%02d_31bf3856ad364e35_10.0.17763.2803_none_c2d208398729f5%02d"
                            .formatted(i, i))
                    .append("\\file%02d.dll\r\n".formatted(i));
        }
        log.append("2024-01-23 15:14:42, Info                  CBS    Total Detected Corruption:\t")
                .append(components)
                .append("\r\n");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("Logs/CBS/CBS.log", log.toString().getBytes(StandardCharsets.UTF_8));
        files.put(
                "checkhealth.txt",
                java.nio.file.Files.readAllBytes(
                        FleetBundles.FIXTURES.resolve(FleetBundles.DAMAGED).resolve("checkhealth.txt")));
        return FleetBundles.zip(files);
    }

    @Test
    void onlyStaffSeeFleetsAndCustomersOfOtherOrganisationsLearnNothing() {
        Actor stranger = fixtures.customer(fixtures.organisation("外单位"));

        assertThat(api.as(customer).get("/api/cases/" + number + "/fleet").status())
                .isEqualTo(403);
        assertThat(api.as(stranger).get("/api/cases/" + number + "/fleet").status())
                .isEqualTo(404);
        assertThat(api.as(customer)
                        .get("/api/organisations/" + bank.id() + "/fleet")
                        .status())
                .isEqualTo(403);
        assertThat(api.as(engineer)
                        .get("/api/organisations/" + bank.id() + "/fleet")
                        .status())
                .isEqualTo(200);
        assertThat(api.as(engineer).get("/api/organisations/999999999/fleet").status())
                .isEqualTo(404);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet?status=broken")
                        .status())
                .isEqualTo(400);
        assertThat(api.as(engineer)
                        .get("/api/cases/" + number + "/fleet/groups/draft-reply?signature=x")
                        .status())
                .isEqualTo(404);
    }

    private static JsonNode find(JsonNode diagnoses, String fileName) {
        return diagnoses
                .valueStream()
                .filter(d -> d.path("fileName").asString().equals(fileName))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, JsonNode> byLabel(JsonNode fleet) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        fleet.path("machineList").forEach(m -> out.put(m.path("label").asString(), m));
        return out;
    }

    private JsonNode awaitDiagnoses(int count) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            JsonNode list = api.as(engineer)
                                    .get("/api/cases/" + number + "/diagnoses")
                                    .json();
                            return list.size() >= count
                                            && list.valueStream()
                                                    .noneMatch(d -> d.path("status")
                                                            .asString()
                                                            .matches("queued|running"))
                                    ? list
                                    : null;
                        },
                        d -> d != null);
    }

    private List<JsonNode> entries(Actor viewer, String kind) {
        JsonNode all = api.as(viewer).get("/api/cases/" + number + "/entries").json();
        List<JsonNode> out = new ArrayList<>();
        all.forEach(e -> {
            if (e.path("kind").asString().equals(kind)) {
                out.add(e);
            }
        });
        return out;
    }

    private int upload(Actor who, String name, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(
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
