package com.patchdesk.server.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OsBuildFamilyTest {

    @ParameterizedTest
    @CsvSource({
        "V2020-L 1809, 17763",
        "Windows 10 Enterprise LTSC 2019 (1809), 17763",
        "10.0.17763.774, 17763",
        "17763.1879, 17763",
        "Win10 22H2, 19045",
        "Server 2022 build 20348, 20348"
    })
    void mapsWhatCustomersWriteToTheBuildFamily(String productVersion, int family) {
        assertThat(OsBuildFamily.of(productVersion)).contains(family);
    }

    @ParameterizedTest
    @ValueSource(strings = {"V2020-L", "latest", "12345", ""})
    void unknownVersionsHaveNoFamily(String productVersion) {
        assertThat(OsBuildFamily.of(productVersion)).isEmpty();
    }
}
