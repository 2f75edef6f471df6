package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every public sample (copied from ../shared/corpus/public, see its PROVENANCE.md) is read without error. */
class PublicCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/corpus/public");

    @Test
    void everyFileIsEitherReadOrSkippedAsUnrecognisedNeverFailed() throws Exception {
        List<Event> events = new ArrayList<>();
        BundleScan scan = BundleScanner.scan(CORPUS, events::add);

        long files;
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            files = walk.filter(Files::isRegularFile).count();
        }
        assertThat(scan.read().size() + scan.skipped().size()).isEqualTo(files);
        assertThat(scan.skipped())
                .allSatisfy(s -> assertThat(s.reason()).isEqualTo("no reader recognised this content"));
        assertThat(scan.read())
                .extracting(ReadFile::path, ReadFile::format, ReadFile::lines)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("loghub-windows/Windows_2k.log", "cbs-log", 2000L));
    }

    @Test
    void theWindows7CbsSampleYieldsItsSessionsStackAndCodes() throws Exception {
        List<Event> events = new ArrayList<>();
        BundleScanner.scan(CORPUS.resolve("loghub-windows/Windows_2k.log"), events::add);

        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.SERVICING_STACK)
                .extracting(e -> e.facts().get(Fact.SSU_VERSION))
                .contains("6.1.7601.23505");
        assertThat(events).filteredOn(e -> e.kind() == EventKind.SESSION).isNotEmpty();
        // Its failures are the routine ones of every healthy machine: set aside by shape, with the code they state.
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.BENIGN_LINE)
                .extracting(e -> e.facts().get(Fact.BENIGN) + " " + e.facts().get(Fact.CODE))
                .contains(
                        "sqm-upload 0x80004005",
                        "manifest-attribute 0x800F080D",
                        "open-package-probe 0x800F0805",
                        "backup-log-cab 0x80070001");
        assertThat(events)
                .filteredOn(e -> e.kind() == EventKind.ERROR_CODE)
                .extracting(e -> e.facts().get(Fact.CODE))
                .doesNotContain("0x00000000", "0x80004005", "0x800F080D", "0x800F0805");
        assertThat(events).allSatisfy(e -> assertThat(e.source().line()).isBetween(1L, 2000L));
    }
}
