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

    /**
     * Chinese systeminfo of a Server 2019 on a cloud VM (h08 in eval/real-excerpts-team): the build without its
     * revision, and every update it lists as installed, for the catalog to tell the revision by
     * (rules/MachineBuildTest).
     */
    @Test
    void systeminfosInstalledUpdatesComeWithTheBuildTheyWereListedFor() throws Exception {
        Scanned s = Scanned.fixture("os-version/systeminfo.zh-CN.hotfixes-without-revision.txt");

        assertThat(s.facts(EventKind.OS_BUILD))
                .extracting(f -> f.get(Fact.OS_BUILD), f -> f.get(Fact.KB))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("17763", null),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB5015731"),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB4470788"),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB4486153"),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB4486155"),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB5005112"),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB5016623"),
                        org.assertj.core.groups.Tuple.tuple("17763", "KB5015896"));
    }
}
