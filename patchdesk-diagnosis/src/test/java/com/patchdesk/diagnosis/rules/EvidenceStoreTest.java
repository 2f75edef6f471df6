package com.patchdesk.diagnosis.rules;

import com.patchdesk.diagnosis.read.Event;
import com.patchdesk.diagnosis.read.EventKind;
import com.patchdesk.diagnosis.read.Fact;
import com.patchdesk.diagnosis.read.SourceLine;
import com.patchdesk.diagnosis.report.Finding;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceStoreTest {

    @Test
    void keepsFirstAndLastOccurrencesOfARepeatedEventAndCountsTheRest() {
        EvidenceStore store = new EvidenceStore();
        for (int line = 1; line <= 1_000_000; line++) {
            store.accept(error(line, "0x80070490"));
        }

        assertThat(store.seen()).isEqualTo(1_000_000);
        assertThat(store.events()).hasSize(EvidenceStore.KEEP_FIRST + EvidenceStore.KEEP_LAST);
        assertThat(store.events().get(0).source().line()).isEqualTo(1);
        assertThat(store.events().get(store.events().size() - 1).source().line()).isEqualTo(1_000_000);
        assertThat(store.notKept()).isEqualTo(1_000_000 - 8);

        Finding finding = RuleBook.standard().diagnose(store).chain().get(0);
        assertThat(finding.key()).isEqualTo("error-code-known[code=0x80070490]");
        assertThat(finding.evidenceCount()).as("every occurrence counts as evidence").isEqualTo(1_000_000);
        assertThat(finding.evidence()).hasSize(5);
    }

    @Test
    void boundsTheNumberOfGroupsAndCountsWhatItCouldNotKeep() {
        EvidenceStore store = new EvidenceStore();
        int distinct = EvidenceStore.MAX_GROUPS + 100;
        for (int i = 0; i < distinct; i++) {
            store.accept(error(i + 1, String.format("0x8%07X", i)));
        }

        assertThat(store.events()).hasSize(EvidenceStore.MAX_GROUPS);
        assertThat(store.notKept()).isEqualTo(100);
    }

    private static Event error(long line, String code) {
        return new Event(EventKind.ERROR_CODE, new SourceLine("CBS.log", line, "Error [HRESULT = " + code + "]"),
                null, Map.of(Fact.CODE, code));
    }
}
