package com.patchdesk.diagnosis.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildFamiliesTest {

    private final BuildFamilies families = BuildFamilies.standard();

    @Test
    void aCheckpointIsKnownByItsKbItsBuildAndItsPackage() {
        assertThat(families.isCheckpoint("KB5043080")).isTrue();
        assertThat(families.isCheckpoint("kb5043080")).isTrue();
        assertThat(families.isCheckpoint("26100.1742")).isTrue();
        assertThat(families.isCheckpoint("Package_for_RollupFix~31bf3856ad364e35~amd64~~26100.1742.1.10"))
                .isTrue();
    }

    @Test
    void otherCumulativeUpdatesAreNoCheckpoints() {
        assertThat(families.isCheckpoint("Package_for_RollupFix~31bf3856ad364e35~amd64~~26100.8655.1.20"))
                .isFalse();
        assertThat(families.isCheckpoint("17763.1742")).isFalse();
        assertThat(families.isCheckpoint("KB5032196")).isFalse();
        assertThat(families.isCheckpoint("not a build")).isFalse();
    }

    @Test
    void aMachineBelowTheCheckpointNeedsItBeforeALaterUpdate() {
        assertThat(families.checkpointsBetween(
                        OsBuild.parse("26100.1").orElseThrow(),
                        OsBuild.parse("26100.8655").orElseThrow()))
                .extracting(BuildFamily.Checkpoint::kb)
                .containsExactly("KB5043080");
        assertThat(families.checkpointsBetween(
                        OsBuild.parse("26100.8457").orElseThrow(),
                        OsBuild.parse("26100.8655").orElseThrow()))
                .isEmpty();
    }
}
