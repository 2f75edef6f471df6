package com.patchdesk.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.server.ApiClient;
import com.patchdesk.server.DeskFixtures;
import com.patchdesk.server.DeskTest;
import com.patchdesk.server.accounts.Actor;
import com.patchdesk.server.accounts.Organisation;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /api/admin/catalog}: admins install a newer update catalog; anything else is refused, losing nothing. */
@DeskTest
class CatalogAdminTest {

    /** June 2026's rows, which the shipped catalog (2026-05-31) lacks, in the form of buildnumbers.json. */
    static final String JUNE = """
            {"DataForGeeks": {"LastUpdatedUTC": "2026-06-23T20:03:34Z"},
             "Data": [{"Version": "17763.8880", "ReleaseDate": "2026-06-09", "Article": "KB5094123",
                       "KBTitle": "June 9, 2026—KB5094123 (OS Build 17763.8880)", "Comment": ""}]}
            """;

    @Autowired
    ApiClient api;

    @Autowired
    DeskFixtures fixtures;

    @Autowired
    CatalogStore store;

    /** The context (and its data folder) outlives a test: start from the shipped catalog. */
    @BeforeEach
    void shippedCatalogOnly() throws Exception {
        Files.deleteIfExists(store.dir().resolve("catalog.tsv"));
    }

    @Test
    void onlyAdminsSeeOrInstallTheCatalog() {
        Organisation organisation = fixtures.organisation("Catalog customer");
        for (Actor who : List.of(fixtures.engineer(), fixtures.customer(organisation))) {
            ApiClient.Caller caller = api.as(who);
            assertThat(caller.post("/api/admin/catalog", JUNE).status()).isEqualTo(403);
            assertThat(caller.get("/api/admin/catalog").status()).isEqualTo(403);
        }
        assertThat(api.anonymous().post("/api/admin/catalog", JUNE).status()).isEqualTo(401);
        assertThat(store.status().date()).isEqualTo("2026-05-31");
    }

    @Test
    void aNewerHistoryIsInstalledAndAnOlderOrMalformedOneIsRefusedWithTheCatalogUnchanged() {
        ApiClient.Caller admin = api.as(fixtures.admin());
        assertThat(admin.get("/api/admin/catalog").json().get("date").asString())
                .isEqualTo("2026-05-31");

        ApiClient.Response malformed = admin.post("/api/admin/catalog", "{\"Data\": [{\"Version\": \"17763.x\"}]}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).contains("application/problem+json");
        assertThat(malformed.body()).contains("\\\"Article\\\" is missing").contains("unchanged (2026-05-31)");

        ApiClient.Response installed = admin.post("/api/admin/catalog", JUNE);
        assertThat(installed.status()).as(installed.body()).isEqualTo(200);
        assertThat(installed.json().get("date").asString()).isEqualTo("2026-06-23");
        assertThat(installed.json().get("uploaded").asBoolean()).isTrue();

        ApiClient.Response again = admin.post("/api/admin/catalog", JUNE);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("not newer than the catalog in use (2026-06-23)");
        assertThat(admin.get("/api/admin/catalog").json().get("date").asString())
                .isEqualTo("2026-06-23");
    }
}
