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

    /** A person's sentence states the build in words (n02 in eval/real-excerpts-team); a longer number is no build. */
    @Test
    void aNoteStatesTheBuildInWords() {
        assertThat(OsBuilds.inNote("fails on Windows Server 2019 Datacenter edition, build 17763.1 . Both on"))
                .isEqualTo("17763.1");
        assertThat(OsBuilds.inNote("Windows 10 22H2 Build 19045.3803")).isEqualTo("19045.3803");
        assertThat(OsBuilds.inNote("操作系统内部版本：19045.3803")).isEqualTo("19045.3803");
        assertThat(OsBuilds.inNote("Package_for_RollupFix build 17763.5122.1.4"))
                .isNull();
        assertThat(OsBuilds.inNote("rebuild 17763.1")).isNull();
        // Other products' builds: Office's, and a number no Windows line has.
        assertThat(OsBuilds.inNote("Microsoft 365 Apps Version 2402 (Build 17328.20142 Click-to-Run)"))
                .isNull();
        assertThat(OsBuilds.inNote("the vendor's agent, build 12345.6")).isNull();
        assertThat(OsBuilds.inNote("Build 1809")).isNull();
    }
}
