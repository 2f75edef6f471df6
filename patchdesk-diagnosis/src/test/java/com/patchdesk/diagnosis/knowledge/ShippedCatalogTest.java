package com.patchdesk.diagnosis.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shipped catalog: every line, servicing knowledge per line, and that it is what the generator makes. */
class ShippedCatalogTest {

    private final UpdateCatalog shipped = UpdateCatalog.shipped();

    @Test
    void namesItsSourceAndDateAndCoversEveryServicedLine() {
        assertThat(shipped.date()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(shipped.source()).contains("DataForGeeks");
        for (int line : new int[] {14393, 17763, 19041, 20348, 22621, 26100}) {
            assertThat(shipped.newest(line)).as("line %d", line).isPresent();
        }
        assertThat(shipped.byKb("KB5087538").orElseThrow().osBuild()).contains(new OsBuild(17763, 8755));
        assertThat(shipped.byKb("KB5094123"))
                .as("June 2026 is after the shipped catalog's date")
                .isEmpty();
    }

    @Test
    void aCumulativeUpdateOfSeveralBuildsIsOneUpdateOfItsLine() {
        CatalogUpdate may = shipped.byKb("KB5089549").orElseThrow();
        assertThat(may.line()).isEqualTo(26100);
        // 19044 and 19045 take the same update: a 19044 machine at that level is at that update.
        OsBuild ltsc2021 =
                new OsBuild(19044, shipped.newest(19041).orElseThrow().revision());
        assertThat(shipped.bringing(ltsc2021)).isPresent();
        assertThat(shipped.firstShipping(OsBuild.parse("10.0.19041.4291").orElseThrow())
                        .orElseThrow()
                        .line())
                .isEqualTo(19041);
    }

    @Test
    void servicingKnowledgeIsPerLine() {
        BuildFamilies families = BuildFamilies.standard();
        assertThat(families.servicing(14393)).isEqualTo(BuildFamily.Servicing.SEPARATE_SSU);
        assertThat(families.servicing(17763)).isEqualTo(BuildFamily.Servicing.SEPARATE_SSU);
        assertThat(families.servicing(new OsBuild(19045, 1).line())).isEqualTo(BuildFamily.Servicing.COMBINED);
        assertThat(families.servicing(20348)).isEqualTo(BuildFamily.Servicing.COMBINED);
        assertThat(families.servicing(new OsBuild(22631, 1).line())).isEqualTo(BuildFamily.Servicing.COMBINED);
        assertThat(families.servicing(26100)).isEqualTo(BuildFamily.Servicing.CHECKPOINT);
        // Combined lines carry no separate servicing stack prerequisite; 14393 does.
        assertThat(shipped.ssuPrerequisite("KB5089549")).isEmpty();
        assertThat(shipped.ssuPrerequisite("KB5087537")).contains("KB5073447");
        assertThat(families.checkpointsBetween(new OsBuild(26100, 1000), new OsBuild(26100, 8457)))
                .extracting(BuildFamily.Checkpoint::kb)
                .containsExactly("KB5043080");
        assertThat(families.checkpointsBetween(new OsBuild(26100, 2000), new OsBuild(26100, 8457)))
                .isEmpty();
    }

    /** `patchdesk catalog generate ... --until 2026-05-31` gives the shipped resource byte for byte. */
    @Test
    void theShippedResourceIsWhatTheGeneratorMakesFromTheSharedFile() throws Exception {
        Path source = Path.of("..", "..", "shared", "reference", "windows-builds", "buildnumbers.json");
        Assumptions.assumeTrue(Files.isRegularFile(source), "the shared reference is not beside the project");
        UpdateCatalog generated;
        try (InputStream in = Files.newInputStream(source)) {
            generated = CatalogCompiler.compile(
                    PublishedUpdate.read(in, shipped.source()), Optional.of(LocalDate.of(2026, 5, 31)));
        }
        StringWriter text = new StringWriter();
        CatalogFile.write(generated, text);
        String resource;
        try (InputStream in = Objects.requireNonNull(UpdateCatalog.class.getResourceAsStream("catalog.tsv"))) {
            resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text.toString()).isEqualTo(resource);
    }
}
