package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cheap checks in front of the OS-build expressions must let every stated form through and nothing else. */
class OsBuildsTest {

    @Test
    void everyStatedFormIsFound() {
        assertThat(OsBuilds.find("Image Version: 10.0.17763.774")).isEqualTo("17763.774");
        assertThat(OsBuilds.find("Image Version : \t 10.0.17763.0774")).isEqualTo("17763.774");
        assertThat(OsBuilds.find("2023-11-20 10:21:33, Info  DISM  DISM Provider Store: OS Version=10.0.17763.1879"))
                .isEqualTo("17763.1879");
        assertThat(OsBuilds.find("Microsoft Windows [Version 10.0.17763.5122]")).isEqualTo("17763.5122");
        assertThat(OsBuilds.find("Microsoft Windows [版本 10.0.17763.774]")).isEqualTo("17763.774");
        assertThat(OsBuilds.find("映像版本：10.0.17763.774")).isEqualTo("17763.774");
        assertThat(OsBuilds.find("Edition  Version 10.0.17763.1879 x64")).isEqualTo("17763.1879");
        assertThat(OsBuilds.find("Version 1809 (OS Build 17763.774)")).isEqualTo("17763.774");
        assertThat(OsBuilds.find("版本 1809 (OS 内部版本 17763.774)")).isEqualTo("17763.774");
    }

    @Test
    void componentVersionsAndComparisonsAreNotBuilds() {
        assertThat(
                        OsBuilds.find(
                                "Appl: detect Parent, Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.4, "
                                        + "Parent: Microsoft-Windows-EnterpriseSEdition~31bf3856ad364e35~amd64~~10.0.17763.1, VersionComp: EQ"))
                .isNull();
        assertThat(OsBuilds.find("Failed to stage of wkscli, version 10.0.17763.5122"))
                .isNull();
        assertThat(OsBuilds.find("Deployment Image Servicing and Management tool, Version: 10.0.17763.1"))
                .isNull();
        assertThat(OsBuilds.find("Version: 10.0.17763.1 of DISM")).isNull();
        assertThat(OsBuilds.find("Image Version: 6.1.7601.24499")).isNull();
    }
}
