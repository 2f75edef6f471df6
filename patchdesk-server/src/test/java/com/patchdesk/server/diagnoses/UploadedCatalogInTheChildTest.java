package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.knowledge.CatalogCompiler;
import com.patchdesk.diagnosis.knowledge.CatalogFolder;
import com.patchdesk.diagnosis.knowledge.PublishedUpdate;
import com.patchdesk.diagnosis.knowledge.UpdateCatalog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis JVM uses the catalog installed in the folder the server gives it, not only the shipped one. */
@Tag("slow")
class UploadedCatalogInTheChildTest {

    private static final String JUNE = """
            {"DataForGeeks": {"LastUpdatedUTC": "2026-06-23T20:03:34Z"},
             "Data": [{"Version": "17763.8880", "ReleaseDate": "2026-06-09", "Article": "KB5094123", "Comment": ""}]}
            """;

    /** A 1809 machine at 17763.4252 missing a component of 17763.5122 (the seed case's line shapes). */
    private static final String CBS = String.join(
            "\r\n",
            "2026-06-20 10:00:01, Info                  CBS    TI: --- Initializing Trusted Installer ---",
            "2026-06-20 10:12:40, Error                 CSI    00000129 (F) Failed to find component amd64_hyperv-vmsynthnic_31bf3856ad364e35_10.0.17763.5122_none_4a1f2c7e8b9d0e13 in the store [HRESULT = 0x80070490 - ERROR_NOT_FOUND]",
            "2026-06-20 10:12:41, Error                 CBS    Failed to stage execution chain. [HRESULT = 0x80070490 - ERROR_NOT_FOUND]",
            "2026-06-20 10:12:42, Info                  CBS    Image Version: 10.0.17763.4252",
            "");

    @TempDir
    Path folder;

    @Test
    void theChildPlansWithTheNewerCatalogOfTheFolderItIsGiven() throws Exception {
        Path catalogDir = folder.resolve("catalog");
        UpdateCatalog june = CatalogCompiler.compile(
                PublishedUpdate.read(new ByteArrayInputStream(JUNE.getBytes(StandardCharsets.UTF_8)), "test"),
                Optional.empty());
        new CatalogFolder(catalogDir).install(june, UpdateCatalog.shipped());
        Path bundle = Files.writeString(folder.resolve("CBS.log"), CBS, StandardCharsets.UTF_8);

        Analysis shipped = new ChildJvmAnalyzer(
                        DiagnosisChild.class.getName(), "256m", folder.resolve("s1"), folder.resolve("no-catalog"))
                .analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));
        Analysis uploaded = new ChildJvmAnalyzer(
                        DiagnosisChild.class.getName(), "256m", folder.resolve("s2"), catalogDir)
                .analyze(bundle, Locale.ENGLISH, Duration.ofMinutes(2));

        assertThat(shipped.reports().get("en"))
                .contains("2026-05-31")
                .contains("KB5087538")
                .doesNotContain("KB5094123");
        assertThat(uploaded.reports().get("en"))
                .contains("2026-06-23")
                .contains("KB5094123")
                .contains("17763.8880");
    }
}
