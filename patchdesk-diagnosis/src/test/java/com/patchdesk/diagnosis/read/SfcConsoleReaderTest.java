package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class SfcConsoleReaderTest {

    @Test
    void englishOutputRedirectedByCmdIsBomLessUtf16AndReportsUnfixedCorruption() throws Exception {
        Scanned s = Scanned.fixture("sfc-console/unable-to-fix-some.en.utf16le-nobom.txt");

        assertThat(s.format()).isEqualTo("sfc-console");
        assertThat(s.encoding()).isEqualTo("UTF-16LE");
        assertThat(s.of(EventKind.STORE_HEALTH)).singleElement().satisfies(e -> {
            assertThat(e.facts()).containsEntry(Fact.HEALTH, "not-repairable");
            assertThat(e.source().line()).isEqualTo(7);
        });
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f ->
                        assertThat(f).contains(entry(Fact.OPERATION, "sfc /scannow"), entry(Fact.RESULT, "failure")));
    }

    @Test
    void chineseOutputInGbkSaysTheSame() throws Exception {
        Scanned s = Scanned.fixture("sfc-console/unable-to-fix-some.zh-CN.gbk.txt");

        assertThat(s.encoding()).isEqualTo("GB18030");
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.HEALTH, "not-repairable"));
    }

    /**
     * The other wordings of the same verdict in Chinese: the older one wrapped after "无法修复" (Windows 10 1709, a
     * Chinese blog's console), and the newer "但其中有一些文件无法修复" (Windows 11).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "sfc-console/unable-to-fix-some-wrapped.zh-CN.txt",
                "sfc-console/unable-to-fix-some-newer-wording.zh-CN.txt"
            })
    void everyChineseWordingOfUnableToFixIsNotRepairable(String fixture) throws Exception {
        Scanned s = Scanned.fixture(fixture);

        assertThat(s.format()).isEqualTo("sfc-console");
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.HEALTH, "not-repairable"));
    }

    @Test
    void noIntegrityViolationsIsAHealthyStore() throws Exception {
        Scanned s = Scanned.fixture("sfc-console/no-integrity-violations.en.utf8-bom.txt");

        assertThat(s.encoding()).isEqualTo("UTF-8");
        assertThat(s.facts(EventKind.STORE_HEALTH))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.HEALTH, "healthy"));
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f).containsEntry(Fact.RESULT, "success"));
    }

    /** Windows 11's zh-CN wording of a clean scan ("…未找到任何完整性违规。", h09 in eval/real-excerpts-team). */
    @Test
    void windows11sChineseWordingOfNoIntegrityViolationsIsHealthy() {
        assertThat(StoreVerdicts.health("Windows 资源保护未找到任何完整性违规。")).isEqualTo("healthy");
        assertThat(StoreVerdicts.health("Windows 资源保护未找到任何完整性冲突。")).isEqualTo("healthy");
    }

    @Test
    void aRepairPendingUntilARebootIsAPendingRebootAndARunThatDidNotHappen() throws Exception {
        Scanned s = Scanned.fixture("sfc-console/repair-pending-reboot.en.txt");

        assertThat(s.format()).isEqualTo("sfc-console");
        assertThat(s.of(EventKind.REBOOT_PENDING))
                .singleElement()
                .satisfies(e -> assertThat(e.source().line()).isEqualTo(3));
        assertThat(s.facts(EventKind.TOOL_RUN))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.OPERATION, "sfc /scannow")
                        .containsEntry(Fact.RESULT, "failure"));
        assertThat(s.of(EventKind.STORE_HEALTH)).isEmpty();
    }

    /**
     * SFC could not fix, RestoreHealth repaired the store, SFC then repaired the files (d01 in
     * eval/real-excerpts-team): the last verdict is healthy, and says it was a repair.
     */
    @Test
    void aRepairIsHealthyAndSaysItRepaired() throws Exception {
        Scanned s = Scanned.fixture("sfc-console/cannot-fix-then-restorehealth-then-repaired.zh-CN.txt");

        assertThat(s.facts(EventKind.STORE_HEALTH))
                .extracting(f -> f.get(Fact.HEALTH), f -> f.get(Fact.RESULT))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("not-repairable", null),
                        org.assertj.core.groups.Tuple.tuple("repairable", null),
                        org.assertj.core.groups.Tuple.tuple("healthy", "repaired"));
    }

    /** SFC stopped at 9% (Chinese): a run that failed, with its sentence, and no verdict on the files. */
    @Test
    void aRunThatCouldNotBePerformedIsAFailedRunWithoutAVerdict() throws Exception {
        Scanned s = Scanned.fixture("sfc-console/could-not-perform-at-9-percent.zh-CN.txt");

        assertThat(s.of(EventKind.STORE_HEALTH)).isEmpty();
        assertThat(s.facts(EventKind.TOOL_RUN))
                .extracting(f -> f.get(Fact.RESULT), f -> f.get(Fact.DETAIL))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("failure", "Windows 资源保护无法执行请求的操作。"));
    }
}
