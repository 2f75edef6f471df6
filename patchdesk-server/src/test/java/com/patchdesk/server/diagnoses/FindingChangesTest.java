package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingChangesTest {

    private static StoredFinding finding(int position, String key) {
        return new StoredFinding(position, 0, key, key.substring(0, key.indexOf('[')), "error", key, key);
    }

    @Test
    void comparesByKeyIgnoringPositionAndWording() {
        var download = finding(0, "wu-incomplete-download[kb=KB5032196]");
        var ssu = finding(1, "ssu-prerequisite-not-completed[kb=KB5032306]");
        var delta = finding(2, "forward-delta-failed[file=wkscli.dll]");
        var deltaMoved = finding(0, "forward-delta-failed[file=wkscli.dll]");
        var disk = finding(1, "disk-space-low[drive=C:]");

        FindingChanges changes = FindingChanges.between(7L, List.of(download, ssu, delta), List.of(deltaMoved, disk));

        assertThat(changes.previousDiagnosisId()).isEqualTo(7L);
        assertThat(changes.added()).containsExactly(disk);
        assertThat(changes.stillThere()).containsExactly(deltaMoved);
        assertThat(changes.fixed()).containsExactly(download, ssu);
    }

    @Test
    void withoutAPreviousDiagnosisEverythingIsNew() {
        var delta = finding(0, "forward-delta-failed[file=wkscli.dll]");

        FindingChanges changes = FindingChanges.between(null, List.of(), List.of(delta));

        assertThat(changes.added()).containsExactly(delta);
        assertThat(changes.stillThere()).isEmpty();
        assertThat(changes.fixed()).isEmpty();
    }
}
