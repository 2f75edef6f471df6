package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** SetupDiag's results, text and XML, from real machines (m03, c07 and w01 of eval/real-excerpts-team). */
class SetupDiagReaderTest {

    @Test
    void aRollbackInSafeOsIsOneResultWithItsPhaseOperationAndExtendedCode() throws Exception {
        Scanned s = Scanned.fixture("setupdiag/rollback-safe-os-apply-wim.log");

        assertThat(s.format()).isEqualTo("setupdiag-results");
        assertThat(s.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.FAILED_OPERATION);
            assertThat(e.source().line()).isEqualTo(30);
            assertThat(e.facts())
                    .contains(entry(Fact.CODE, "0x8007000D"), entry(Fact.OPERATION, SetupDiagReader.OPERATION))
                    .hasEntrySatisfying(
                            Fact.DETAIL,
                            d -> assertThat(d)
                                    .contains("phase Safe OS")
                                    .contains("Apply WIM file PathForNewOSFile")
                                    .contains("extended code 0x2000C")
                                    .contains("profile FindRollbackFailure"));
        });
    }

    @Test
    void theXmlsFailureDataGiveTheResultAndTheQuotedLogEntriesAreNotFailuresOfTheirOwn() throws Exception {
        Scanned s = Scanned.fixture("setupdiag/disk-space-hard-block.xml");

        assertThat(s.format()).isEqualTo("setupdiag-results");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.CODE, "0xC190020E")
                        .containsEntry(Fact.DETAIL, "extended code 0x4001E"));
        assertThat(s.of(EventKind.ERROR_CODE)).isEmpty();
    }

    /**
     * A rollback that failed in turn gives its result as {@code RollbackErrorCode = …, ExtendedCode = …}, and its phase
     * and operation in the XML's elements (w01): the package Setup could not add is in the result.
     */
    @Test
    void theXmlsRollbackErrorCodeIsTheResultWithItsPhaseAndOperation() throws Exception {
        Scanned s = Scanned.fixture("setupdiag/rollback-failed-rsat-fod-hash-mismatch.xml");

        assertThat(s.format()).isEqualTo("setupdiag-results");
        assertThat(s.facts(EventKind.FAILED_OPERATION))
                .singleElement()
                .satisfies(f -> assertThat(f)
                        .containsEntry(Fact.CODE, "0x800736CC")
                        .hasEntrySatisfying(
                                Fact.DETAIL,
                                d -> assertThat(d)
                                        .contains("phase Safe OS")
                                        .contains("FailoverCluster-Management-Tools-FOD-Package")
                                        .contains("extended code 0x20003")));
    }
}
