package com.patchdesk.diagnosis.read;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DismConsoleReaderTest {

    @Test
    void chineseCheckHealthSavedInGbkSaysTheStoreIsRepairable() throws Exception {
        Scanned s = Scanned.fixture("dism-console/checkhealth-repairable.zh-CN.gbk.txt");

        assertThat(s.format()).isEqualTo("dism-console");
        assertThat(s.encoding()).isEqualTo("GB18030");
        assertThat(s.facts(EventKind.STORE_HEALTH)).singleElement().satisfies(f -> assertThat(f)
                .contains(entry(Fact.HEALTH, "repairable"), entry(Fact.OPERATION, "/CheckHealth")));
        assertThat(s.facts(EventKind.TOOL_RUN)).singleElement().satisfies(f -> assertThat(f)
                .contains(entry(Fact.OPERATION, "/CheckHealth"), entry(Fact.RESULT, "success")));
        // "版本: 10.0.17763.1" is DISM's own version; only the image version is the OS build.
        assertThat(s.facts(EventKind.OS_BUILD)).extracting(f -> f.get(Fact.OS_BUILD)).containsExactly("17763.774");
    }

    @Test
    void restoreHealthErrorCarriesItsCodeAndTheMessageAfterIt() throws Exception {
        Scanned s = Scanned.fixture("dism-console/restorehealth-source-not-found-0x800f081f.en.txt");

        assertThat(s.of(EventKind.TOOL_RUN)).singleElement().satisfies(e -> {
            assertThat(e.facts()).contains(entry(Fact.OPERATION, "/RestoreHealth"), entry(Fact.RESULT, "failure"),
                    entry(Fact.CODE, "0x800F081F"), entry(Fact.DETAIL, "The source files could not be found."));
            assertThat(e.source().line()).isEqualTo(9);
        });
        assertThat(s.facts(EventKind.OS_BUILD)).extracting(f -> f.get(Fact.OS_BUILD)).containsExactly("17763.774");
    }

    @Test
    void chineseRestoreHealthErrorKeepsItsChineseMessage() throws Exception {
        Scanned s = Scanned.fixture("dism-console/restorehealth-source-not-found.zh-CN.gbk.txt");

        assertThat(s.encoding()).isEqualTo("GB18030");
        assertThat(s.of(EventKind.TOOL_RUN)).singleElement().satisfies(e -> {
            assertThat(e.facts()).contains(entry(Fact.OPERATION, "/RestoreHealth"), entry(Fact.RESULT, "failure"),
                    entry(Fact.CODE, "0x800F081F"), entry(Fact.DETAIL, "找不到源文件。"));
            assertThat(e.source().text()).isEqualTo("错误: 0x800f081f");
        });
    }

    @Test
    void chineseGetPackagesGivesEachPackageItsStateInEnglish() throws Exception {
        Scanned s = Scanned.fixture("dism-console/get-packages.zh-CN.gbk.txt");

        assertThat(s.facts(EventKind.PACKAGE_STATE)).extracting(f -> f.get(Fact.PACKAGE), f -> f.get(Fact.STATE))
                .containsExactly(
                        Tuple.tuple("Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.4", "Installed"),
                        Tuple.tuple("Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.774.1.9", "Superseded"),
                        Tuple.tuple("Package_for_RollupFix~31bf3856ad364e35~amd64~~17763.5122.1.11", "Install Pending"));
        assertThat(s.facts(EventKind.PACKAGE_STATE).get(0)).containsEntry(Fact.KB, "KB5032306");
    }

    @Test
    void addPackageSavedByPowerShellInUtf16NamesThePackageItAdded() throws Exception {
        Scanned s = Scanned.fixture("dism-console/add-package-success.en.utf16le-bom.txt");

        assertThat(s.encoding()).isEqualTo("UTF-16LE");
        assertThat(s.facts(EventKind.TOOL_RUN)).singleElement().satisfies(f -> assertThat(f).contains(
                entry(Fact.OPERATION, "/Add-Package"), entry(Fact.RESULT, "success"), entry(Fact.KB, "KB5032306"),
                entry(Fact.PACKAGE, "Package_for_KB5032306~31bf3856ad364e35~amd64~~17763.5020.1.4")));
    }
}
