package com.patchdesk.diagnosis.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class UpdateCatalogTest {

    private final UpdateCatalog catalog = UpdateCatalog.standard();

    @Test
    void knowsTheUpdatesOfTheSeedCase() {
        assertThat(catalog.byKb("KB5032196").orElseThrow().osBuild()).contains(new OsBuild(17763, 5122));
        assertThat(catalog.byKb("KB5032196").orElseThrow().released()).isEqualTo("2023-11-14");
        assertThat(catalog.byKb("kb5001342").orElseThrow().osBuild()).contains(new OsBuild(17763, 1879));
        assertThat(catalog.byKb("KB5001342").orElseThrow().released()).isEqualTo("2021-04-13");
        assertThat(catalog.byKb("KB4516077").orElseThrow().osBuild()).contains(new OsBuild(17763, 774));
        assertThat(catalog.byKb("KB4516077").orElseThrow().released()).isEqualTo("2019-09-24");
    }

    @Test
    void firstUpdateShippingAComponentVersionIsTheSteppingStone() {
        assertThat(catalog.firstShipping(OsBuild.parse("10.0.17763.1879").orElseThrow())
                        .map(CatalogUpdate::kb))
                .contains("KB5001342");
        // A version between two releases ships with the next one.
        assertThat(catalog.firstShipping(new OsBuild(17763, 1880)).map(CatalogUpdate::kb))
                .contains("KB5001384");
        assertThat(catalog.firstShipping(new OsBuild(17763, 99_999))).isEmpty();
    }

    @Test
    void monthlyUpdatesAfterABuildEndAtTheTarget() {
        List<String> path = catalog.monthlyAfter(new OsBuild(17763, 1879), "KB5032196").stream()
                .map(CatalogUpdate::kb)
                .toList();

        assertThat(path).startsWith("KB5003171").endsWith("KB5032196").doesNotContain("KB5001342", "KB5001384");
        assertThat(path)
                .allSatisfy(kb ->
                        assertThat(catalog.byKb(kb).orElseThrow().release()).isEqualTo(CatalogUpdate.Release.LCU_B));
    }

    @Test
    void aFarBehindMachineNeedsOneFinalCumulativeUpdateNotEveryMonth() {
        OsBuild afterSteppingStone = new OsBuild(17763, 1879);
        assertThat(catalog.finalUpdate(afterSteppingStone, "KB5032196").map(CatalogUpdate::kb))
                .contains("KB5032196");
        // Unknown, older than the stepping stone, or not cumulative: the newest monthly update instead.
        assertThat(catalog.finalUpdate(afterSteppingStone, ""))
                .map(CatalogUpdate::kb)
                .contains("KB5087538");
        assertThat(catalog.finalUpdate(afterSteppingStone, "KB4516077"))
                .map(CatalogUpdate::kb)
                .contains("KB5087538");
        assertThat(catalog.finalUpdate(afterSteppingStone, "KB5032306"))
                .map(CatalogUpdate::kb)
                .contains("KB5087538");
        assertThat(catalog.finalUpdate(new OsBuild(17763, 8755), "")).isEmpty();
    }

    @Test
    void unconfirmedPrerequisitesAreToldApartFromConfirmedOnes() {
        assertThat(catalog.unconfirmedPrerequisite("KB5001342")).isEmpty();
        assertThat(catalog.unconfirmedPrerequisite("KB5087538")).contains("KB5041577");
        assertThat(catalog.unconfirmedPrerequisite("KB5032196")).contains("KB5032306");
        assertThat(catalog.latestConfirmedSsu("KB5087538")).contains("KB5005112");
        assertThat(catalog.latestConfirmedSsu("KB5001342")).contains("KB5001404");
    }

    @Test
    void servicingStackPrerequisiteIsKnownButMarkedUnconfirmedForKb5032196() {
        assertThat(catalog.ssuPrerequisite("KB5032196")).contains("KB5032306");
        assertThat(catalog.isServicingStack("KB5032306")).isTrue();
        assertThat(catalog.byKb("KB5032196").orElseThrow().confirmed()).isFalse();
        assertThat(catalog.ssuPrerequisite("KB5001342")).contains("KB5001404");
        assertThat(catalog.isServicingStack("KB5032196")).isFalse();
    }

    @Test
    void buildsCompareByRevisionNotAsText() {
        assertThat(OsBuild.parse("17763.1879").orElseThrow())
                .isGreaterThan(OsBuild.parse("17763.774").orElseThrow());
        assertThat(OsBuild.parse("10.0.17763.1879")).contains(new OsBuild(17763, 1879));
        assertThat(OsBuild.parse("not a build")).isEmpty();
    }

    @Test
    void errorCatalogHasEveryRequiredCodeInBothLanguages() {
        List<String> required = List.of(
                "0x80248007",
                "0x80070490",
                "0x800F0986",
                "0x800F081F",
                "0x80073712",
                "0x80070002",
                "0x80070003",
                "0x80070005",
                "0x800F0922",
                "0x8007000E",
                "0x80070070",
                "0x800F0831",
                "0x80073701",
                "0x8024200D",
                "0x80240017",
                "0x800706BE",
                "0x80070BC2",
                "0x800F0982");
        for (String code : required) {
            ErrorCode known = ErrorCatalog.standard().lookup(code).orElseThrow(() -> new AssertionError(code));
            assertThat(known.meaning().en()).isNotBlank();
            assertThat(known.meaning().in(Locale.SIMPLIFIED_CHINESE))
                    .isNotBlank()
                    .isNotEqualTo(known.meaning().en());
            assertThat(known.remedy().zh()).isNotBlank();
        }
        assertThat(ErrorCatalog.standard().lookup("0x800f0986").orElseThrow().symbol())
                .isEqualTo("PSFX_E_APPLY_FORWARD_DELTA_FAILED");
        assertThat(ErrorCatalog.standard().lookup("0x80070070").orElseThrow().symbol())
                .isEqualTo("ERROR_DISK_FULL");
    }
}
