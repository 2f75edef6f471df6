package com.patchdesk.diagnosis.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceRowsTest {

    private static Evidence.NearbyLine n(long line) {
        return new Evidence.NearbyLine(line, "line " + line);
    }

    @Test
    void neighbouringEvidenceLinesShareTheirContextAndEachLineIsPrintedOnce() {
        Evidence second = new Evidence("CBS.log", 2, "line 2", List.of(n(1)), List.of(n(3)));
        Evidence third = new Evidence("CBS.log", 3, "line 3", List.of(n(2)), List.of(n(4)));

        List<String> printed = EvidenceRows.of(List.of(second, third)).rows().stream()
                .map(r -> (r.cited() ? "* " : "  ") + r.label() + " " + r.text())
                .toList();

        assertThat(printed).containsExactly("  1 line 1", "* CBS.log:2 line 2", "* CBS.log:3 line 3", "  4 line 4");
    }

    @Test
    void theSameLineNumberInAnotherFileIsAnotherLine() {
        Evidence cbs = new Evidence("CBS.log", 10, "cbs 10", List.of(n(9)), List.of());
        Evidence dism = new Evidence("dism.log", 9, "dism 9", List.of(n(8)), List.of(n(10)));

        assertThat(EvidenceRows.of(List.of(cbs, dism)).rows())
                .extracting(EvidenceRows.Row::label)
                .containsExactly("9", "CBS.log:10", "8", "dism.log:9", "10");
    }

    @Test
    void evidenceWithoutContextIsPrintedAsBefore() {
        assertThat(EvidenceRows.of(List.of(new Evidence("CBS.log", 5, "  padded  ")))
                        .rows())
                .containsExactly(new EvidenceRows.Row(true, "CBS.log:5", "padded"));
    }
}
