package com.patchdesk.server.diagnoses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload names as the scratch folder's file system takes them. */
class ScratchNameTest {

    @TempDir
    Path folder;

    @Test
    void aNameThatFitsIsKeptAsItIs() {
        assertThat(ScratchName.of("CBS日志.log")).isEqualTo("CBS日志.log");
        assertThat(ScratchName.of("a".repeat(ScratchName.MAX_BYTES))).isEqualTo("a".repeat(ScratchName.MAX_BYTES));
    }

    @Test
    void aChineseNameTooLongInBytesIsShortenedKeepsItsExtensionAndCanBeWritten() throws Exception {
        for (String extension : new String[] {".log", ".zip", ".cab", ".evtx.txt"}) {
            String name = "非常长的文件名".repeat(36) + extension;

            String onDisk = ScratchName.of(name);

            assertThat(onDisk).startsWith("非常长的文件名").endsWith("…" + extension.substring(extension.lastIndexOf('.')));
            assertThat(onDisk.getBytes(StandardCharsets.UTF_8).length).isBetween(ScratchName.MAX_BYTES - 3, 240);
            assertThat(Files.writeString(folder.resolve(onDisk), "x")).exists();
        }
    }

    @Test
    void surrogatePairsAreNotSplitAndANameWithoutExtensionIsCutToo() {
        String onDisk = ScratchName.of("😀".repeat(100));

        assertThat(onDisk).isEqualTo("😀".repeat(59) + "…");
        String noType = ScratchName.of("日志".repeat(60) + ".this is no extension at all");
        assertThat(noType).endsWith("…").hasSizeLessThan(81);
    }

    @Test
    void aNameThatReadsAsAnOptionOfTheAnalysisChildIsNotOne() {
        assertThat(ScratchName.of("--arriving")).isEqualTo("_--arriving");
    }
}
