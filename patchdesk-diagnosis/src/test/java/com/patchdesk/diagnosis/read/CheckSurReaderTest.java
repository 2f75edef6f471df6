package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class CheckSurReaderTest {

    @Test
    void missingPackageManifestsAreDamageTheToolCouldNotRepair() throws Exception {
        Scanned s = Scanned.fixture("checksur/mum-missing-repair-files-unavailable.log");

        assertThat(s.format()).isEqualTo("checksur-log");
        assertThat(s.facts(EventKind.STORE_CORRUPTION))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f)
                        .contains(entry(Fact.DETAIL, "CBS MUM Missing"), entry(Fact.KB, "KB2685811"))
                        .doesNotContainKey(Fact.CODE));
        assertThat(s.facts(EventKind.STORE_CORRUPTION))
                .extracting(f -> f.get(Fact.FILE))
                .containsExactly(
                        "Package_for_KB2685811~31bf3856ad364e35~amd64~~6.1.1.2.mum",
                        "Package_for_KB2685811~31bf3856ad364e35~amd64~~6.1.1.2.cat");
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.HEALTH, "not-repairable"));
    }

    @Test
    void aCbsLogThatWritesTheToolsHeadingsStaysACbsLog() {
        String cbs = "2014-06-05 18:44:44, Info                  CBS    Checking System Update Readiness.\n"
                + "2014-06-05 18:44:44, Info                  CBS    Checking Package Manifests and Catalogs\n";

        assertThat(LogFormats.recognise(cbs))
                .get()
                .extracting(LogReader::format)
                .isEqualTo("cbs-log");
        assertThat(LogFormats.recognise("Checking System Update Readiness.\nBinary Version 6.1.7601.22471\n"))
                .get()
                .extracting(LogReader::format)
                .isEqualTo("checksur-log");
    }

    @Test
    void aCleanRunIsAHealthyStore() throws Exception {
        Scanned s = Scanned.fixture("checksur/no-errors-detected.log");

        assertThat(s.of(EventKind.STORE_CORRUPTION)).isEmpty();
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.HEALTH, "healthy"));
    }
}
