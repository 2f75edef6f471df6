package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle zipped on Chinese Windows with "Send to compressed folder": entry names in GBK, no UTF-8 flag.
 */
class ZipEntryNameTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Path FIXTURES = Path.of("src/test/resources");

    @Test
    void gbkNamesFromChineseWindowsSendToCompressedFolderReadAsChinese(@TempDir Path dir) throws IOException {
        byte[] cbs = Files.readAllBytes(FIXTURES.resolve("cbs/package-not-found-0x80070490.log"));
        // What Explorer writes: OEM code page 936 bytes.
        Path zip = zipWithoutUtf8Flag(dir.resolve("日志收集.zip"), "GBK", Map.of("日志/CBS.log", cbs, "..\\日志\\越界.log", cbs));
        byte[] bytes = Files.readAllBytes(zip);
        assertThat(indexOf(bytes, "日志/CBS.log".getBytes(GBK)))
                .as("the name is stored in GBK")
                .isPositive();

        BundleScan scan = BundleScanner.scan(zip, e -> {});

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("日志/CBS.log");
        assertThat(scan.read().get(0).format()).isEqualTo("cbs-log");
        // The zip-slip check sees the decoded name: "..\" is still caught and the name still reads as Chinese.
        assertThat(scan.skipped()).extracting(SkippedFile::path).containsExactly("../日志/越界.log");
        assertThat(scan.skipped().get(0).reason()).startsWith("unsafe path");
    }

    @Test
    void utf8NamesWithoutTheFlagStayUtf8(@TempDir Path dir) throws IOException {
        // 7-Zip and Linux zip write UTF-8 bytes, often without setting the flag.
        Path zip = zipWithoutUtf8Flag(
                dir.resolve("bundle.zip"),
                "UTF-8",
                Map.of(
                        "更新日志/WindowsUpdate.log",
                        Files.readAllBytes(FIXTURES.resolve("windowsupdate/download-failed-0x80248007.log"))));

        BundleScan scan = BundleScanner.scan(zip, e -> {});

        assertThat(scan.read()).extracting(ReadFile::path).containsExactly("更新日志/WindowsUpdate.log");
    }

    /** Names in {@code encoding}, general purpose bit 11 clear, no Unicode path extra field. */
    private static Path zipWithoutUtf8Flag(Path zip, String encoding, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip);
                ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            z.setEncoding(encoding);
            z.setUseLanguageEncodingFlag(false);
            z.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                z.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                z.write(e.getValue());
                z.closeArchiveEntry();
            }
        }
        return zip;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
