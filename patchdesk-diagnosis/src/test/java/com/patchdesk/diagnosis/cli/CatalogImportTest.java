package com.patchdesk.diagnosis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.knowledge.CatalogFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchdesk catalog import}: June 2026's rows make a June 2026 17763 machine's plan right; a malformed or
 * older file is refused and the catalog in use stays as it was. The analysis runs in a JVM of its own, as on a
 * support engineer's machine, because the catalog in use is read once per JVM.
 */
@Tag("slow")
class CatalogImportTest {

    /** The rows of June 2026 that the shipped catalog (2026-05-31) lacks, in the form of buildnumbers.json. */
    private static final String JUNE = """
            {"DataForGeeks": {"LastUpdatedUTC": "2026-06-23T20:03:34.9535922Z"},
             "Data": [
              {"Version": "17763.8880", "ReleaseDate": "2026-06-09", "Article": "KB5094123",
               "KBTitle": "June 9, 2026—KB5094123 (OS Build 17763.8880)", "Comment": "", "LTSCOnly": true},
              {"Version": "26100.8655", "ReleaseDate": "2026-06-09", "Article": "KB5094126",
               "KBTitle": "June 9, 2026—KB5094126 (OS Builds 26200.8655 and 26100.8655)", "Comment": "", "LTSCOnly": false}
             ]}
            """;

    private static final Path FAR_BEHIND_17763 = Path.of("src/test/resources/eval/own/build-17763-far-behind/bundle");

    @TempDir
    Path temp;

    @Test
    void juneRowsMakeTheJune2026PlanRightAndTheReportNamesTheCatalogDate() throws Exception {
        Path dir = temp.resolve("catalog");
        String before = analyze(dir);
        assertThat(before)
                .contains("\"date\" : \"2026-05-31\"")
                .contains("KB5087538")
                .doesNotContain("KB5094123");

        Run imported = cli("catalog", "import", write("june.json", JUNE).toString(), "--catalog-dir", dir.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("installed the catalog of 2026-06-23", "2 new");

        String after = analyze(dir);
        assertThat(after)
                .contains("\"date\" : \"2026-06-23\"")
                .contains("dism /online /add-package /packagepath:C:\\\\temp\\\\windows10.0-kb5094123-x64.cab")
                .contains("17763.8880");
    }

    @Test
    void malformedOrOlderFilesAreRefusedAndTheCatalogInUseIsUnchanged() throws Exception {
        Path dir = temp.resolve("catalog");
        assertThat(cli("catalog", "import", write("june.json", JUNE).toString(), "--catalog-dir", dir.toString())
                        .code())
                .isZero();
        byte[] installed = Files.readAllBytes(new CatalogFolder(dir).file());

        Run again =
                cli("catalog", "import", write("june-again.json", JUNE).toString(), "--catalog-dir", dir.toString());
        assertThat(again.code()).isEqualTo(CatalogCommand.REFUSED);
        assertThat(again.err())
                .contains(
                        "not newer than the catalog in use (2026-06-23)",
                        "the catalog in use is unchanged: 2026-06-23");

        Run notJson = cli(
                "catalog",
                "import",
                write("page.json", "{\"Data\": [ {\"Version\": ").toString(),
                "--catalog-dir",
                dir.toString());
        assertThat(notJson.code()).isEqualTo(CatalogCommand.REFUSED);
        assertThat(notJson.err()).contains("not JSON");

        Run badRow = cli(
                "catalog",
                "import",
                write("bad.json", JUNE.replace("17763.8880", "build eight").replace("2026-06-23T", "2026-07-01T"))
                        .toString(),
                "--catalog-dir",
                dir.toString());
        assertThat(badRow.err()).contains("Data[0]: Version 'build eight' is not an OS build");

        Run backwards = cli(
                "catalog",
                "import",
                write(
                                "old.json",
                                JUNE.replace("17763.8880", "17763.4000")
                                        .replace("KB5094123", "KB5099999")
                                        .replace("2026-06-23T", "2026-07-01T"))
                        .toString(),
                "--catalog-dir",
                dir.toString());
        assertThat(backwards.err()).contains("builds are not in release order: KB5099999 (17763.4000");

        Run older = cli(
                "catalog",
                "import",
                write("older.json", JUNE.replace("2026-06-23T", "2026-04-01T")).toString(),
                "--catalog-dir",
                temp.resolve("fresh").toString());
        assertThat(older.code()).isEqualTo(CatalogCommand.REFUSED);
        assertThat(older.err()).contains("not newer than the catalog in use (2026-05-31)");
        assertThat(temp.resolve("fresh")).doesNotExist();

        assertThat(Files.readAllBytes(new CatalogFolder(dir).file())).isEqualTo(installed);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(temp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PatchdeskCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code patchdesk analyze} in its own JVM with the catalog folder {@code dir}. */
    private String analyze(Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + CatalogFolder.PROPERTY + "=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                PatchdeskCommand.class.getName(),
                "analyze",
                FAR_BEHIND_17763.toString(),
                "--format",
                "json"));
        Path out = temp.resolve("report-" + System.nanoTime() + ".json");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
