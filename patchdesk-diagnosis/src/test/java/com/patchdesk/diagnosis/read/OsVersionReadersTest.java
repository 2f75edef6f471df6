package com.patchdesk.diagnosis.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OS build stated by systeminfo, winver and a registry export. */
class OsVersionReadersTest {

    @Test
    void systeminfoGivesTheBuildWithoutItsRevision() throws Exception {
        Scanned s = Scanned.fixture("os-version/systeminfo.en.txt");

        assertThat(s.format()).isEqualTo("os-version-text");
        assertThat(s.of(EventKind.OS_BUILD)).singleElement().satisfies(e -> {
            assertThat(e.facts()).containsEntry(Fact.OS_BUILD, "17763");
            assertThat(e.source().line()).isEqualTo(4);
        });
    }

    @Test
    void chineseSysteminfoInGbk() throws Exception {
        Scanned s = Scanned.fixture("os-version/systeminfo.zh-CN.gbk.txt");

        assertThat(s.encoding()).isEqualTo("GB18030");
        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763");
    }

    @Test
    void chineseWinverGivesBuildAndRevision() throws Exception {
        Scanned s = Scanned.fixture("os-version/winver.zh-CN.utf8.txt");

        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD))
                .containsExactly("17763.774");
    }

    @Test
    void registryExportCombinesCurrentBuildAndUbr() throws Exception {
        Scanned s = Scanned.fixture("os-version/currentversion-ubr-774.utf16le-bom.reg");

        assertThat(s.format()).isEqualTo("registry-export");
        assertThat(s.of(EventKind.OS_BUILD)).singleElement().satisfies(e -> {
            assertThat(e.facts()).containsEntry(Fact.OS_BUILD, "17763.774");
            assertThat(e.source().line()).isEqualTo(10);
        });
    }
}
