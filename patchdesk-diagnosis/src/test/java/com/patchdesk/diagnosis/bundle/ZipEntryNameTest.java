package com.patchdesk.diagnosis.bundle;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle zipped on Chinese Windows with "Send to compressed folder": entry names in GBK, no UTF-8 flag.
 */
class ZipEntryNameTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Path FIXTURES = Path.of("src/test/resources");

    @Test
    void gbkNamesFromChineseWindowsSendToCompressedFolderReadAsChinese(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("日志收集.zip");
        try (OutputStream out = Files.newOutputStream(zip);
             ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            // What Explorer writes: OEM code page 936 bytes, general purpose bit 11 clear, no Unicode path field.
            z.setEncoding("GBK");
            z.setUseLanguageEncodingFlag(false);
            z.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            add(z, "日志/CBS.log", Files.readAllBytes(FIXTURES.resolve("cbs/package-not-found-0x80070490.log")));
            add(z, "..\\日志\\越界.log", Files.readAllBytes(FIXTURES.resolve("cbs/package-not-found-0x80070490.log")));
        }
        byte[] bytes = Files.readAllBytes(zip);
        assertThat(indexOf(bytes, "日志/CBS.log".getBytes(GBK))).as("the name is stored in GBK").isPositive();

        BundleScan scan = BundleScanner.scan(zip, e -> { });

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("日志/CBS.log");
        assertThat(scan.read().get(0).format()).isEqualTo("cbs-log");
        // The zip-slip check sees the decoded name: "..\" is still caught and the name still reads as Chinese.
        assertThat(scan.skipped()).extracting(SkippedFile::path).containsExactly("../日志/越界.log");
        assertThat(scan.skipped().get(0).reason()).startsWith("unsafe path");
    }

    @Test
    void utf8NamesWithoutTheFlagStayUtf8(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("bundle.zip");
        try (OutputStream out = Files.newOutputStream(zip);
             ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            // 7-Zip and Linux zip write UTF-8 bytes, often without setting the flag.
            z.setEncoding("UTF-8");
            z.setUseLanguageEncodingFlag(false);
            z.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            add(z, "更新日志/WindowsUpdate.log",
                    Files.readAllBytes(FIXTURES.resolve("windowsupdate/download-failed-0x80248007.log")));
        }

        BundleScan scan = BundleScanner.scan(zip, e -> { });

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("更新日志/WindowsUpdate.log");
    }

    private static void add(ZipArchiveOutputStream z, String name, byte[] content) throws IOException {
        z.putArchiveEntry(new ZipArchiveEntry(name));
        z.write(content);
        z.closeArchiveEntry();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        List<Integer> found = new ArrayList<>();
        outer:
        for (int i = 0; i + needle.length <= haystack.length && found.isEmpty(); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found.add(i);
        }
        return found.isEmpty() ? -1 : found.get(0);
    }
}
