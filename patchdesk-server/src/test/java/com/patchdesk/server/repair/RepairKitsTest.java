package com.patchdesk.server.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The component library and repair kits through the API: bad donor zips are refused with their reason and leave the
 * library unchanged; the seed diagnosis plus a library holding its two components gives a published kit of exactly
 * those, which the customer downloads through the link.
 */
@DeskTest
@TestPropertySource(properties = {"patchdesk.data-dir=target/test-data-repair", "patchdesk.jobs.poll-interval=PT0.2S"})
class RepairKitsTest {

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    ComponentStore library;

    @Autowired
    FixVerdicts verdicts;

    private final HttpClient http = HttpClient.newHttpClient();
    private Actor engineer;
    private Actor customer;
    private String number;

    @BeforeEach
    void openCase() {
        Organisation bank = fixtures.organisation("农商银行");
        engineer = fixtures.engineer();
        customer = fixtures.customer(bank);
        number = fixtures.openCase(bank).number().value();
    }

    @Test
    void badDonorZipsAreRefusedWithTheirReasonAndTheLibraryIsUnchanged() throws Exception {
        List<String> before = library.identities();
        Map<String, String> reasons = Map.of(
                "donor-zip-slip.zip", "unsafe path (zip-slip)",
                "donor-unparsable-identity.zip", "'amd64_not-a-component' is not a component identity",
                "donor-hash-mismatch.zip", "wkscli.dll: its SHA-256 hash");
        for (var bad : reasons.entrySet()) {
            HttpResponse<String> answer = postDonor(bad.getKey(), engineer);
            assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
                    .contains("problem+json");
            assertThat(answer.body()).as(bad.getKey()).contains(bad.getValue()).contains("the library is unchanged");
        }
        assertThat(library.identities()).isEqualTo(before);
        assertThat(postDonor("donor-seed-components.zip", customer).statusCode())
                .isEqualTo(403);
    }

    @Test
    void theSeedDiagnosisGivesAPublishedKitOfExactlyItsComponents() throws Exception {
        HttpResponse<String> added = postDonor("donor-seed-components.zip", engineer);
        assertThat(added.statusCode()).as(added.body()).isIn(201);
        assertThat(library.identities()).contains(RepairFixtures.EFI, RepairFixtures.NET);
        long diagnosis = uploadAndDiagnose(RepairFixtures.seedBundle());

        ApiClient.Response kit =
                api.as(engineer).post("/api/cases/" + number + "/diagnoses/" + diagnosis + "/repair-kit", Map.of());

        assertThat(kit.status()).as(kit.body()).isEqualTo(201);
        assertThat(kit.json().path("included").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(RepairFixtures.EFI, RepairFixtures.NET);
        assertThat(kit.json().path("draftReply").asString())
                .contains("repair.ps1", kit.json().path("url").asString());
        HttpResponse<byte[]> download = http.send(
                HttpRequest.newBuilder(URI.create(kit.json().path("url").asString()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(entries(download.body()))
                .contains(
                        "repair.ps1",
                        "README.txt",
                        "WinSxS/Manifests/" + RepairFixtures.EFI + ".manifest",
                        "WinSxS/" + RepairFixtures.EFI + "/r/efisys_noprompt.bin",
                        "WinSxS/" + RepairFixtures.NET + "/wkscli.dll")
                .allMatch(n -> n.equals("repair.ps1")
                        || n.equals("README.txt")
                        || n.contains(RepairFixtures.EFI)
                        || n.contains(RepairFixtures.NET));
        assertThat(api.as(customer)
                        .post("/api/cases/" + number + "/diagnoses/" + diagnosis + "/repair-kit", Map.of())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aBundleAfterTheKitSaysInOneLineWhetherTheKitWorked() throws Exception {
        postDonor("donor-seed-components.zip", engineer);
        long first = uploadAndDiagnose(RepairFixtures.seedBundle());
        long caseId =
                api.as(engineer).get("/api/cases/" + number).json().path("id").asLong();
        assertThat(verdicts.of(caseId)).as("no step taken yet").isEmpty();
        assertThat(api.as(engineer)
                        .post("/api/cases/" + number + "/diagnoses/" + first + "/repair-kit", Map.of())
                        .status())
                .isEqualTo(201);

        uploadAndDiagnose(RepairFixtures.healthyBundle(), 2);

        FixVerdicts.Verdict verdict = verdicts.of(caseId).orElseThrow();
        assertThat(verdict.step()).isEqualTo("kit");
        assertThat(verdict.outcome()).isEqualTo("worked");
        assertThat(verdict.fixed()).isPositive();
        assertThat(verdict.stillThere()).isZero();
    }

    private long uploadAndDiagnose(byte[] bundle) throws Exception {
        return uploadAndDiagnose(bundle, 1);
    }

    private long uploadAndDiagnose(byte[] bundle, int count) throws Exception {
        HttpResponse<String> up = http.send(
                api.as(engineer)
                        .request("/api/cases/" + number + "/files?name=bundle-" + count + ".zip")
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bundle))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).as(up.body()).isIn(200, 201);
        JsonNode done = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            JsonNode list = api.as(engineer)
                                    .get("/api/cases/" + number + "/diagnoses")
                                    .json();
                            return list.size() < count ? null : list.get(0);
                        },
                        d -> d != null && "done".equals(d.path("status").asString()));
        return done.path("id").asLong();
    }

    private HttpResponse<String> postDonor(String fixture, Actor who) throws Exception {
        return http.send(
                api.as(who)
                        .request("/api/library/donors?donor=PC-HEALTHY")
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(RepairFixtures.donor(fixture)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<String> entries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
