package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Sysnative's ComponentsScanner on a Windows Server Essentials 2016 machine, as its owner pasted it in the Sysnative
 * forum thread "How to solve Components Scanner reporting thousands of missing registry keys" (u04 in
 * eval/real-excerpts-team).
 */
class ComponentsScannerReaderTest {

    @Test
    void damagedKeysOfTheComponentsHiveAreStoreCorruptionNamingTheKey() throws Exception {
        Scanned s = Scanned.fixture("components-scanner/ws2016-2303-corruptions-in-deriveddata-components.txt");

        assertThat(s.format()).isEqualTo("components-scanner");
        assertThat(s.of(EventKind.STORE_CORRUPTION)).singleElement().satisfies(e -> {
            assertThat(e.source().line()).isEqualTo(9);
            assertThat(e.facts())
                    .containsEntry(Fact.DETAIL, "2303 damaged keys in the COMPONENTS hive's DerivedData\\Components")
                    .containsEntry(Fact.SOURCE, "ComponentsScanner")
                    .doesNotContainKey(Fact.CODE);
        });
        assertThat(s.events()).hasSize(1);
    }
}
