package com.patchdesk.diagnosis.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.patchdesk.diagnosis.report.SkipReasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file sent in place of a log (Windows 10's placeholder WindowsUpdate.log, a binary .evtx) is skipped with what it
 * is and what to send instead, in the reader's language; other unreadable files keep their general reasons.
 */
class StandInFilesTest {

    private static final Path PLACEHOLDER =
            Path.of("src/test/resources/stand-in/windows-10-placeholder-WindowsUpdate.log");

    @Test
    void windows10sPlaceholderWindowsUpdateLogAsksForGetWindowsUpdateLog(@TempDir Path dir) throws IOException {
        Files.copy(PLACEHOLDER, dir.resolve("WindowsUpdate.log"));

        SkippedFile skipped = onlySkipped(dir);

        assertThat(skipped.reason())
                .contains("placeholder")
                .contains("Get-WindowsUpdateLog -LogPath C:\\temp\\WindowsUpdate.log");
        assertThat(SkipReasons.in(skipped.reason(), Locale.SIMPLIFIED_CHINESE))
                .contains("占位文件")
                .contains("Get-WindowsUpdateLog -LogPath C:\\temp\\WindowsUpdate.log");
    }

    @Test
    void thePlaceholderSavedAsUtf16IsRecognisedAlike(@TempDir Path dir) throws IOException {
        String text = Files.readString(PLACEHOLDER, StandardCharsets.ISO_8859_1);
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        Files.write(dir.resolve("WindowsUpdate.log"), withBom);

        assertThat(onlySkipped(dir).reason()).contains("Get-WindowsUpdateLog");
    }

    @Test
    void aBinaryEventLogAsksForItsEventsAsText(@TempDir Path dir) throws IOException {
        // The EVTX file header: the signature "ElfFile" and a zero byte, then binary chunk data.
        byte[] evtx = new byte[4096];
        new Random(7).nextBytes(evtx);
        System.arraycopy("ElfFile\0".getBytes(StandardCharsets.ISO_8859_1), 0, evtx, 0, 8);
        Files.write(dir.resolve("Setup.evtx"), evtx);

        SkippedFile skipped = onlySkipped(dir);

        assertThat(skipped.reason()).contains(".evtx").contains("wevtutil qe Setup /f:text");
        assertThat(SkipReasons.in(skipped.reason(), Locale.SIMPLIFIED_CHINESE)).contains("事件日志");
    }

    @Test
    void otherFilesKeepTheirGeneralReasons(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "meeting at ten; bring the laptop\r\n");
        byte[] binary = new byte[4096];
        new Random(8).nextBytes(binary);
        Files.write(dir.resolve("photo.bin"), binary);

        BundleScan scan = BundleScanner.scan(dir, e -> {});

        assertThat(scan.skipped())
                .extracting(SkippedFile::reason)
                .containsExactlyInAnyOrder("no reader recognised this content", "binary content");
    }

    private static SkippedFile onlySkipped(Path dir) throws IOException {
        BundleScan scan = BundleScanner.scan(dir, e -> {});
        assertThat(scan.read()).isEmpty();
        assertThat(scan.skipped()).hasSize(1);
        return scan.skipped().get(0);
    }
}
